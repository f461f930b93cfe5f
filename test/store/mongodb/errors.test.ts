// Driver error classification (src/store/mongodb/errors.ts) with the driver's own error classes,
// and what start-up failures say about the URI (redactUri, MongoStore.connect without a server).
import {
  MongoError,
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type TopologyDescription,
} from 'mongodb';
import { DomainError } from '../../../src/domain/errors';
import { DUPLICATE_KEY, duplicateIndexName, isDuplicateKey, isUnavailable, toStoreError } from '../../../src/store/mongodb/errors';
import { INDEXES } from '../../../src/store/mongodb/indexes';
import { MongoStartError, MongoStore, redactUri } from '../../../src/store/mongodb/mongo.store';

// The driver builds these from its SDAM internals; the classes are not exported from the package root.
const { TopologyDescription: TopologyDescriptionClass } = require('mongodb/lib/sdam/topology_description') as {
  TopologyDescription: new (type: string, servers?: Map<string, unknown> | null, setName?: string | null) => TopologyDescription;
};
const { ServerDescription } = require('mongodb/lib/sdam/server_description') as {
  ServerDescription: new (address: string, hello?: unknown, options?: { error?: MongoError }) => { address: string };
};

const HOSTS = ['db1.internal', 'db2.internal', '10.0.0.7', '27017', 'rs0'];

/** A server error as the driver builds it from a server reply. */
function serverError(reply: { code: number; codeName: string; errmsg: string; errorLabels?: string[] }): MongoServerError {
  return new MongoServerError({ ok: 0, ...reply });
}

const duplicateBooking = () =>
  serverError({
    code: 11000,
    codeName: 'DuplicateKey',
    errmsg:
      'E11000 duplicate key error collection: booking_gateway.bookings index: one_active_booking_per_user_and_slot dup key: { slotKey: "[\\"m1\\",\\"cut\\",1893542400,1800,\\"\\",\\"\\"]", userInformation.userId: "u1" }',
  });

function serverSelectionError(): MongoServerSelectionError {
  const server = new ServerDescription('db1.internal:27017', undefined, { error: new MongoNetworkError('connect ECONNREFUSED 10.0.0.7:27017') });
  const description = new TopologyDescriptionClass('ReplicaSetNoPrimary', new Map([[server.address, server]]), 'rs0');
  return new MongoServerSelectionError('Server selection timed out after 5000 ms', description);
}

describe('duplicate keys', () => {
  it('a MongoServerError 11000 is a duplicate key, naming the unique index it hit', () => {
    const error = duplicateBooking();
    expect(error.code).toBe(DUPLICATE_KEY);
    expect(isDuplicateKey(error)).toBe(true);
    expect(duplicateIndexName(error)).toBe('one_active_booking_per_user_and_slot');
  });

  it('the index name comes out of the server message for every unique index of the plan', () => {
    for (const plan of INDEXES.filter((p) => p.options.unique)) {
      const error = serverError({
        code: 11000,
        codeName: 'DuplicateKey',
        errmsg: `E11000 duplicate key error collection: booking_gateway.${plan.collection} index: ${plan.options.name} dup key: { x: "index: decoy" }`,
      });
      expect(duplicateIndexName(error)).toBe(plan.options.name);
    }
  });

  it('other server errors are not duplicates, whatever their message says', () => {
    const writeConflict = serverError({
      code: 112,
      codeName: 'WriteConflict',
      errmsg: 'Caused by :: Write conflict during plan execution and yielding is disabled. index: slot_key',
      errorLabels: ['TransientTransactionError'],
    });
    expect(isDuplicateKey(writeConflict)).toBe(false);
    expect(duplicateIndexName(writeConflict)).toBeUndefined();
    expect(isDuplicateKey(serverError({ code: 11001, codeName: 'DuplicateKeyValue', errmsg: 'E11000 lookalike' }))).toBe(false);
  });

  it('only driver errors count: a plain Error carrying code 11000 is not a duplicate key', () => {
    const impostor = Object.assign(new Error('E11000 duplicate key error index: idempotency_token dup key'), { code: 11000 });
    expect(isDuplicateKey(impostor)).toBe(false);
    expect(duplicateIndexName(impostor)).toBeUndefined();
    expect(isDuplicateKey(undefined)).toBe(false);
    expect(isDuplicateKey({ code: 11000 })).toBe(false);
  });
});

describe('unavailable server', () => {
  const losses: Array<[string, () => Error]> = [
    ['MongoNetworkError', () => new MongoNetworkError('connection 3 to db1.internal:27017 closed')],
    ['MongoNetworkTimeoutError', () => new MongoNetworkTimeoutError('connection timed out to 10.0.0.7:27017')],
    ['MongoServerSelectionError', serverSelectionError],
    ['MongoNotConnectedError', () => new MongoNotConnectedError('Client must be connected before running operations')],
    ['MongoTopologyClosedError', () => new MongoTopologyClosedError()],
    [
      'a retryable write error (primary stepped down)',
      () => serverError({ code: 10107, codeName: 'NotWritablePrimary', errmsg: 'not primary (db1.internal:27017)', errorLabels: ['RetryableWriteError'] }),
    ],
    [
      'a pool reset',
      () => serverError({ code: 91, codeName: 'ShutdownInProgress', errmsg: 'The server is in quiesce mode and will shut down', errorLabels: ['ResetPool'] }),
    ],
  ];

  it.each(losses)('%s is "unavailable" and becomes UNAVAILABLE without hosts in the message', (_name, make) => {
    const error = make();
    expect(isUnavailable(error)).toBe(true);
    expect(isDuplicateKey(error)).toBe(false);
    const mapped = toStoreError(error);
    expect(mapped).not.toBe(error);
    expect(mapped).toBeInstanceOf(DomainError);
    expect((mapped as DomainError).code).toBe('UNAVAILABLE');
    const message = (mapped as DomainError).message;
    for (const host of HOSTS) expect(message).not.toContain(host);
    expect(message).not.toMatch(/mongodb(\+srv)?:\/\//);
    expect(message).not.toContain(error.message);
  });

  it('the selection error used above does carry hosts: the mapping is what hides them', () => {
    expect(serverSelectionError().message).toContain('10.0.0.7:27017');
  });

  it('a duplicate key labelled retryable stays a duplicate key (not unavailable)', () => {
    const error = duplicateBooking();
    error.addErrorLabel('RetryableWriteError');
    expect(isUnavailable(error)).toBe(false);
    expect(toStoreError(error)).toBe(error);
  });

  it('a transient write conflict that escaped withTransaction (its retries ran out) is ABORTED, not "unavailable"', () => {
    const conflict = serverError({ code: 112, codeName: 'WriteConflict', errmsg: 'WriteConflict', errorLabels: ['TransientTransactionError'] });
    expect(isUnavailable(conflict)).toBe(false);
    expect(toStoreError(conflict)).toMatchObject({ code: 'ABORTED', reason: 'TRANSACTION_CONFLICT' });
  });

  it('a commit whose outcome is unknown is UNAVAILABLE with "retry the same request"', () => {
    const lost = serverError({ code: 50, codeName: 'MaxTimeMSExpired', errmsg: 'operation exceeded time limit', errorLabels: ['UnknownTransactionCommitResult'] });
    expect(toStoreError(lost)).toMatchObject({ code: 'UNAVAILABLE', reason: 'COMMIT_OUTCOME_UNKNOWN', message: expect.stringContaining('retry the same request') });
  });
});

describe('toStoreError passes everything else through unchanged', () => {
  it.each<[string, unknown]>([
    ['a plain Error', new Error('boom')],
    ['a DomainError', new DomainError('NOT_FOUND', 'no such booking', 'input.bookingId')],
    ['a DomainError UNAVAILABLE', new DomainError('UNAVAILABLE', 'already mapped')],
    ['a duplicate key', duplicateBooking()],
    ['a generic MongoError', new MongoError('cursor id not found')],
    ['a string', 'not an error'],
    ['undefined', undefined],
  ])('%s', (_name, error) => {
    expect(toStoreError(error)).toBe(error);
  });
});

describe('redactUri', () => {
  it.each([
    [
      'mongodb://app:s3cr3t-Pw@db1.internal:27017,db2.internal:27017/booking?replicaSet=rs0&authSource=admin',
      'mongodb://app:***@db1.internal:27017,db2.internal:27017/booking?replicaSet=rs0&authSource=admin',
      's3cr3t-Pw',
    ],
    ['mongodb+srv://booking-gw:p%40ss%3Aw0rd%2F1@cluster0.abcde.mongodb.net/booking?retryWrites=true', 'mongodb+srv://booking-gw:***@cluster0.abcde.mongodb.net/booking?retryWrites=true', 'p%40ss%3Aw0rd%2F1'],
    ['mongodb://u:@localhost:27017/', 'mongodb://u:***@localhost:27017/', null],
    ['mongodb://us%3Aer:x@localhost', 'mongodb://us%3Aer:***@localhost', 'x@'],
  ])('%s hides the password and keeps the rest', (uri, expected, secret) => {
    expect(redactUri(uri)).toBe(expected);
    if (secret) expect(redactUri(uri)).not.toContain(secret);
  });

  it.each(['mongodb://localhost:27017/booking?replicaSet=rs0', 'mongodb://app@db1.internal:27017/booking', 'mongodb+srv://cluster0.abcde.mongodb.net/'])(
    '%s has no password and stays as it is',
    (uri) => {
      expect(redactUri(uri)).toBe(uri);
    },
  );
});

describe('MongoStore.connect without a server', () => {
  it('fails with a MongoStartError whose message names the redacted URI, never the password', async () => {
    const uri = 'mongodb://gateway:VerySecret-123@127.0.0.1:1/booking?directConnection=true';
    const attempt = MongoStore.connect({ uri, serverSelectionTimeoutMS: 300 });
    await expect(attempt).rejects.toBeInstanceOf(MongoStartError);
    const error = (await attempt.catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('mongodb://gateway:***@127.0.0.1:1/booking');
    expect(error.message).not.toContain('VerySecret-123');
    expect(error.message.split('\n')).toHaveLength(1);
  });
});
