// MongoDB out of reach (a client aimed at a closed port behaves like one during an outage): health
// goes NOT_SERVING / 503, requests fail with UNAVAILABLE and a generic message, nothing hangs.
// Runs everywhere: it needs no MongoDB server.
import { MongoClient } from 'mongodb';
import { MongoStore } from '../../src/store/mongodb/mongo.store';
import { Q, bookingInput, slot } from '../support/fixtures';
import { capturingLogger } from '../support/log-capture';
import { errorOf, ok, startTestGateway, type TestGateway } from '../support/test-gateway';

let gw: TestGateway;
const { logger, lines } = capturingLogger();
beforeAll(async () => {
  const client = new MongoClient('mongodb://127.0.0.1:1/booking?replicaSet=rs0', { serverSelectionTimeoutMS: 300 });
  gw = await startTestGateway({ store: MongoStore.fromClient(client, 'booking'), logger });
});
afterAll(() => gw.stop());

it('health is NOT_SERVING and /healthz 503, naming the mongodb store', async () => {
  expect(ok(await gw.gql('{ health { status store } }')).health).toEqual({ status: 'NOT_SERVING', store: 'mongodb' });
  expect((await fetch(gw.url.replace('/graphql', '/healthz'))).status).toBe(503);
});

it.each([
  ['a read', Q.check, { slot: slot() }],
  ['a booking lookup', Q.booking, { id: 'b1' }],
  ['a unit of work', Q.createBooking, { input: bookingInput() }],
])('%s fails with UNAVAILABLE, without hosts or driver details', async (_label, query, variables) => {
  const res = await gw.gql(query, variables);
  const error = errorOf(res, 'UNAVAILABLE');
  expect(error.message).toBe('the booking store is unavailable; retry shortly');
  expect(JSON.stringify(res)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|Mongo/);
});

it('logs the outage with the driver error for operators', () => {
  const warnings = lines().map((l) => JSON.parse(l)).filter((l) => l.msg === 'store unavailable');
  expect(warnings.length).toBeGreaterThan(0);
  expect(warnings[0].err.type).toMatch(/^Mongo/);
});
