// docs/api.md is the project's own API reference: it must cover every operation of the emitted
// schema, every bookingFailure cause the code can produce, and (with README.md) every environment
// variable config.ts reads. It must also stand on its own, without pointing outside the repository.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildSchema } from 'graphql';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

const apiDoc = read('docs/api.md');
const readme = read('README.md');
const headings = apiDoc.split('\n').filter((line) => line.startsWith('#'));

/** `name` as a whole word: METRICS must not be satisfied by METRICS_PUBLIC alone. */
const mentions = (text: string, name: string) => new RegExp(`(^|[^A-Za-z0-9_])${name}([^A-Za-z0-9_]|$)`, 'm').test(text);

function operations(): string[] {
  const schema = buildSchema(read('schema.graphql'));
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  return roots.flatMap((root) => (root ? Object.keys(root.getFields()) : []));
}

/** Every .ts file under src/, as paths relative to the repository root with forward slashes. */
function sourceFiles(dir = 'src'): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

/** Causes the code can produce: BookingFailureCause.X used outside the enum's definition and the GraphQL models. */
function producedCauses(): string[] {
  const causes = new Set<string>();
  for (const file of sourceFiles()) {
    if (file === 'src/domain/enums.ts' || file.startsWith('src/models/')) continue;
    for (const match of read(file).matchAll(/BookingFailureCause\.([A-Z0-9_]+)/g)) causes.add(match[1]);
  }
  return [...causes].sort();
}

function configVariables(): string[] {
  const config = read('src/config.ts');
  const names = new Set<string>();
  for (const match of config.matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)) names.add(match[1]);
  for (const match of config.matchAll(/\b(?:int|bool)\(\s*env\s*,\s*'([A-Z][A-Z0-9_]*)'/g)) names.add(match[1]);
  return [...names].sort();
}

describe('docs/api.md', () => {
  const ops = operations();

  it('finds the operations of schema.graphql (so the checks below are not vacuous)', () => {
    expect(ops.length).toBeGreaterThan(10);
  });

  it.each(ops)('has a heading naming `%s`', (name) => {
    expect(headings.filter((line) => line.includes(`\`${name}\``))).not.toHaveLength(0);
  });

  it('never points at ../shared, which people who clone the repository do not have', () => {
    expect(apiDoc).not.toContain('../shared');
  });

  it('names every bookingFailure cause the code produces', () => {
    const causes = producedCauses();
    expect(causes.length).toBeGreaterThan(0);
    expect(causes.filter((cause) => !mentions(apiDoc, cause))).toEqual([]);
  });

  it('with README.md, documents every environment variable src/config.ts reads', () => {
    const variables = configVariables();
    expect(variables.length).toBeGreaterThan(10);
    expect(variables.filter((name) => !mentions(apiDoc, name) && !mentions(readme, name))).toEqual([]);
  });
});
