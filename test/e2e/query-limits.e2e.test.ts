import { startTestGateway, ok, errorOf, type TestGateway } from '../support/test-gateway';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.stop());

/** `{ merchant(…) { services { merchant { … { name } } } } }`, exactly `depth` fields deep. */
function nested(depth: number): string {
  const path = Array.from({ length: depth - 1 }, (_, i) => (i === 0 ? 'merchant(merchantId: "m")' : i % 2 === 1 ? 'services' : 'merchant'));
  return `{ ${path.join(' { ')} { name }${' }'.repeat(depth - 2)} }`;
}

describe('query depth (default 12)', () => {
  it('allows depth 12 and refuses 13 with RESOURCE_EXHAUSTED, before any resolver runs', async () => {
    expect(ok(await gw.gql(nested(12)))).toEqual({ merchant: null });
    const error = errorOf(await gw.gql(nested(13)), 'RESOURCE_EXHAUSTED');
    expect(error.message).toContain('depth 13');
  });

  it('follows fragments when measuring depth', async () => {
    const doc = `query { ...A } fragment A on Query { merchant(merchantId: "m") { services { merchant { services { merchant { services { merchant { services { merchant { services { merchant { services { name } } } } } } } } } } } } }`;
    errorOf(await gw.gql(doc), 'RESOURCE_EXHAUSTED');
  });

  it('does not count introspection, so the full introspection query passes', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    expect(ok(await gw.gql(getIntrospectionQuery())).__schema.queryType.name).toBe('Query');
  });
});

describe('aliases (default 30)', () => {
  const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `h${i}: health { status }`).join(' ')} }`;
  it('allows 30 aliases and refuses 31', async () => {
    expect(Object.keys(ok(await gw.gql(aliased(30))))).toHaveLength(30);
    errorOf(await gw.gql(aliased(31)), 'RESOURCE_EXHAUSTED');
  });
});
