import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite.store';
import { delegatingStore } from '../../src/store/delegating-store';
import { CLASS, Q, bookingInput, seedInventory } from '../support/fixtures';
import { errorOf, ok, startTestGateway, type TestGateway } from '../support/test-gateway';

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.stop();
  gw = undefined;
});

const healthz = (g: TestGateway) => fetch(g.url.replace('/graphql', '/healthz'));

describe('health', () => {
  it('GET /healthz is 200 and the health query SERVING while the store answers', async () => {
    gw = await startTestGateway({ apiKeys: 'partner:pk_aaaaaaaaaa' });
    const res = await healthz(gw);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'SERVING', store: gw.store.kind });
    // No key needed for either.
    expect(ok(await gw.gql('{ health { status store } }')).health).toEqual({ status: 'SERVING', store: gw.store.kind });
  });

  it('GET /healthz is 503 and health NOT_SERVING when the store does not answer', async () => {
    const store = SqliteStore.inMemory();
    const down = delegatingStore(store, { ping: async () => false });
    gw = await startTestGateway({ store: down });
    expect((await healthz(gw)).status).toBe(503);
    expect(ok(await gw.gql('{ health { status } }')).health.status).toBe('NOT_SERVING');
  });
});

describe('transport', () => {
  it('echoes a valid x-request-id and makes one up otherwise', async () => {
    gw = await startTestGateway();
    const given = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'abc-1' }, body: '{"query":"{ health { status } }"}' });
    expect(given.headers.get('x-request-id')).toBe('abc-1');
    const made = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'bad id with spaces' }, body: '{"query":"{ health { status } }"}' });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves queries over GET', async () => {
    gw = await startTestGateway();
    const res = await fetch(`${gw.url}?query=${encodeURIComponent('{ health { status } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await res.json()).toEqual({ data: { health: { status: 'SERVING' } } });
  });

  it('refuses an oversized body with 413 RESOURCE_EXHAUSTED and malformed JSON with 400 INVALID_ARGUMENT', async () => {
    gw = await startTestGateway({ bodyLimit: '2kb' });
    const big = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ health { status } } # ${'x'.repeat(4000)}` }) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as any).errors[0].extensions.code).toBe('RESOURCE_EXHAUSTED');
    const bad = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(bad.status).toBe(400);
    const body = await bad.text();
    expect(JSON.parse(body).errors[0].extensions.code).toBe('INVALID_ARGUMENT');
    expect(body).not.toMatch(/at \w+ \(/); // no stack frames
  });
});

describe('access', () => {
  const keys = 'widget:wk_1111111111,partner:pk_2222222222';
  const as = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

  it('missing or unknown keys are UNAUTHENTICATED; widgets may not list bookings or change inventory', async () => {
    gw = await startTestGateway({ apiKeys: keys });
    await seedInventory({ ...gw, gql: (q, v, h) => gw!.gql(q, v, { ...as('pk_2222222222'), ...h }) });
    const input = bookingInput({}, { serviceId: CLASS, durationSec: 3600 });
    errorOf(await gw.gql(Q.createBooking, { input }), 'UNAUTHENTICATED');
    errorOf(await gw.gql(Q.createBooking, { input }, as('wk_wrong_wrong')), 'UNAUTHENTICATED');
    ok(await gw.gql(Q.createBooking, { input }, as('wk_1111111111')));
    errorOf(await gw.gql(Q.bookings, { userId: 'u1' }, as('wk_1111111111')), 'PERMISSION_DENIED');
    expect(ok(await gw.gql(Q.bookings, { userId: 'u1' }, as('pk_2222222222'))).bookings).toHaveLength(1);
    errorOf(await gw.gql(Q.upsertMerchant, { input: { merchantId: 'x', name: 'X', timeZone: 'UTC' } }, as('wk_1111111111')), 'PERMISSION_DENIED');
    expect(ok(await gw.gql(`{ merchant(merchantId: "x") { name } }`, {}, as('pk_2222222222'))).merchant).toBeNull();
  });
});

describe('shutdown', () => {
  it('stop() lets an in-flight request finish, then refuses new connections', async () => {
    const store = SqliteStore.inMemory();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = delegatingStore(store, {
      unitOfWork: async (w) => {
        await gate;
        return store.unitOfWork(w);
      },
    });
    const g = await startTestGateway({ store: slow });
    const inFlight = g.gql(Q.upsertMerchant, { input: { merchantId: 'late', name: 'Late', timeZone: 'UTC' } });
    await new Promise((r) => setTimeout(r, 100));
    const stopping = g.stop();
    await new Promise((r) => setTimeout(r, 50));
    release();
    expect(ok(await inFlight).upsertMerchant.merchantId).toBe('late');
    await stopping;
    await expect(g.gql('{ health { status } }')).rejects.toThrow();
  });

  it('the server process exits cleanly on SIGTERM', async () => {
    const root = path.resolve(__dirname, '../..');
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: root,
      // The defaults of `npm start`: the SQLite store (in a directory of its own here) and the demo seed.
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'true', NODE_ENV: 'development', API_KEYS: '', API_KEYS_FILE: '', STORE: '', MONGODB_URI: '', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'gateway-http-')) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const ready = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /"url":"([^"]+)"/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    const url = await ready;
    const health = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ merchant(merchantId: \\"demo-salon\\") { name } }"}' });
    expect(((await health.json()) as any).data.merchant.name).toBe('Demo Salon & Studio');
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(out).toContain('"msg":"stopped"');
  }, 30_000);
});

describe('start-up refusals', () => {
  const run = (env: Record<string, string>) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
        cwd: path.resolve(__dirname, '../..'),
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', API_KEYS: '', API_KEYS_FILE: '', STORE: 'memory', MONGODB_URI: '', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    });

  it('NODE_ENV=production without API keys refuses to start with one clear line', async () => {
    const { code, stderr } = await run({ NODE_ENV: 'production' });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('booking-gateway: NODE_ENV=production needs API keys: set API_KEYS or API_KEYS_FILE');
  }, 30_000);

  it('a malformed setting refuses to start naming the variable', async () => {
    const { code, stderr } = await run({ API_KEYS: 'admin:some-long-key' });
    expect(code).toBe(1);
    expect(stderr).toContain('role must be widget, partner or merchant');
  }, 30_000);
});
