// docker-compose.yml cannot run here (no Docker engine), so its shape is checked instead: a one-node
// replica set the gateway waits for, and a gateway environment made only of settings the gateway
// reads (the README's configuration table), with the values a production start needs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config';

const ROOT = path.resolve(__dirname, '../..');
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'));
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
/** Variables of the README's configuration table: rows that start with | `NAME` |. */
const documented = new Set([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]));

describe('docker-compose.yml', () => {
  const gateway = compose.services.gateway;
  const mongo = compose.services.mongo;
  const env: Record<string, string> = gateway.environment;

  it('has a MongoDB replica set the gateway waits for, and builds the gateway from the Dockerfile', () => {
    expect(mongo.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(mongo.healthcheck.test.join(' ')).toContain('rs.initiate');
    expect(gateway.depends_on.mongo.condition).toBe('service_healthy');
    expect(gateway.build).toBe('.');
    expect(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/CMD \["node", "dist\/main\.js"\]/);
  });

  it('sets only documented settings of the gateway', () => {
    expect(documented.size).toBeGreaterThan(20);
    const names = Object.keys(env);
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('is a valid production configuration once API_KEYS is given', () => {
    const resolved: Record<string, string> = {};
    for (const [name, value] of Object.entries(env)) {
      // ${VAR:-default} takes its default; ${VAR:?message} must come from the shell.
      resolved[name] = String(value).replace(/\$\{(\w+):-([^}]*)\}/g, (_m, _v, d) => d).replace(/\$\{(\w+):\?[^}]*\}/g, (_m, v) => (v === 'API_KEYS' ? 'widget:wk_compose_test_1,partner:pk_compose_test_2' : ''));
    }
    expect(env.API_KEYS).toMatch(/^\$\{API_KEYS:\?/); // no key is baked into the file
    const config = loadConfig(resolved);
    expect(config).toMatchObject({ production: true, store: 'mongodb', port: 4000, host: '0.0.0.0' });
    expect(config.mongodbUri).toMatch(/^mongodb:\/\/mongo:27017\/\w+\?replicaSet=rs0$/);
    expect(gateway.ports).toContain(`${config.port}:${config.port}`);
  });
});
