// insert / update / delete / findAndModify.
//  - Statement errors go to writeErrors ({ index, code, errmsg, keyPattern?, keyValue? }); an ordered
//    batch stops at the first. Inside a transaction the batch always stops at the first error, the
//    error stays in writeErrors without labels, except transient errors (WriteConflict), which fail
//    the whole command with TransientTransactionError (jstests/core/txns/
//    multi_statement_transaction_write_error.js; SPEC-1221, mongodb/specifications#482).
//  - A write error inside a transaction aborts it (the dispatcher does it): later statements get
//    251 NoSuchTransaction (as reported against MongoDB 7.0 in Automattic/mongoose#14817).
//  - Non-transactional multi-document writes are one write per document, each its own commit.
//  - Retryable writes: executed statements are remembered by index; a retry answers them from
//    memory (retriedStmtIds) and runs only the others (manual, "Retryable Writes").
import { ObjectId, type Document } from 'mongodb';
import { keyString } from '../bson-order';
import type { Incarnation } from '../catalog';
import { CODES, CommandError, fail } from '../errors';
import { idKeyOf, type View } from '../mvcc';
import { applyUpdate, clone, idFirst, upsertDocument } from '../update-apply';
import { parseUpdate } from '../update-parse';
import { collectionName, compileFilter, lookup, refuseUnmodelled, retryBlocked, test, type Args, type Handler } from './context';
import { projectDocs, sortDocs } from './reads';

interface Outcome {
  n: number;
  nModified?: number;
  upserted?: unknown;
}

const sameDoc = (x: Document, y: Document) => keyString(x) === keyString(y);
const writerView = (a: Args): View => (a.ctx.txn ? { kind: 'txn', txn: a.ctx.txn } : { kind: 'latest' });

async function runBatch(a: Args, field: string, exec: (stmt: Document, index: number) => Promise<Outcome>): Promise<Document> {
  const stmts = a.cmd[field];
  if (!Array.isArray(stmts)) return fail(CODES.FailedToParse, `BSON field '${a.name}.${field}' is missing but a required field`);
  const ordered = a.cmd.ordered !== false;
  const outcomes: Outcome[] = [];
  const writeErrors: Document[] = [];
  const retried: number[] = [];
  for (let i = 0; i < stmts.length; i++) {
    const stored = a.ctx.retry?.stmts.get(i);
    if (stored) {
      outcomes.push(stored as Outcome);
      retried.push(i);
      continue;
    }
    try {
      const outcome = await exec(stmts[i] as Document, i);
      outcomes.push(outcome);
      a.ctx.retry?.stmts.set(i, outcome as Document);
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      if (error.code === CODES.WriteConflict || error.code === CODES.MaxTimeMSExpired) throw error;
      writeErrors.push({ index: i, code: error.code, errmsg: error.message, ...error.extra });
      if (ordered || a.ctx.txn) break;
    }
  }
  const reply: Document = { n: outcomes.reduce((s, o) => s + o.n, 0) };
  if (a.name === 'update') {
    reply.nModified = outcomes.reduce((s, o) => s + (o.nModified ?? 0), 0);
    const upserted = outcomes.map((o, index) => ({ index, _id: o.upserted })).filter((u) => u._id !== undefined);
    if (upserted.length) reply.upserted = upserted;
  }
  if (writeErrors.length) reply.writeErrors = writeErrors;
  if (retried.length) reply.retriedStmtIds = retried;
  reply.ok = 1;
  return reply;
}

function prepareInsert(raw: unknown): Document {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return fail(CODES.TypeMismatch, 'document to insert must be an object');
  const doc = clone(raw as Document);
  if (Array.isArray(doc._id)) fail(CODES.BadValue, "can't use an array for _id");
  if (doc._id instanceof RegExp) fail(CODES.BadValue, "can't use a regex for _id");
  return doc._id === undefined ? { _id: new ObjectId(), ...doc } : idFirst(doc);
}

const insert: Handler = (a) => {
  const name = collectionName(a);
  return runBatch(a, 'documents', async (raw) => {
    const doc = prepareInsert(raw);
    const inc = a.core.catalog.forWrite(a.db, name, a.ctx.writer, 'insert');
    await retryBlocked(a, () => a.core.engine.write(inc, a.ctx.writer, idKeyOf(doc._id), null, doc));
    return { n: 1 };
  });
};

/** One update or delete statement, re-entrant: after a wait it goes on with the documents left. */
async function modify(a: Args, stmt: Document, change: (current: Document) => Document | null, many: boolean, upsert?: () => Document): Promise<Outcome> {
  const query = compileFilter(stmt.q);
  const done = new Set<string>();
  const outcome: Outcome = { n: 0, nModified: 0 };
  await retryBlocked(a, () => {
    const inc = lookup(a);
    const view = writerView(a);
    const candidates = inc ? a.core.engine.candidates(inc, view, stmt.q).filter((d) => test(query, d)) : [];
    for (const current of candidates) {
      if (!many && outcome.n > 0) break;
      const id = idKeyOf(current._id);
      if (done.has(id)) continue;
      const next = change(current);
      if (next === null || !sameDoc(current, next)) {
        a.core.engine.write(inc!, a.ctx.writer, id, current, next);
        outcome.nModified!++;
      }
      done.add(id);
      outcome.n++;
    }
    if (outcome.n === 0 && upsert) {
      const doc = upsert();
      const target = a.core.catalog.forWrite(a.db, collectionName(a), a.ctx.writer, 'upsert');
      a.core.engine.write(target, a.ctx.writer, idKeyOf(doc._id), null, doc);
      outcome.n = 1;
      outcome.upserted = doc._id;
    }
  });
  return outcome;
}

const update: Handler = (a) =>
  runBatch(a, 'updates', async (stmt) => {
    refuseUnmodelled(stmt, ['arrayFilters', 'collation']);
    const parsed = parseUpdate(stmt.u);
    if (stmt.multi === true && parsed.kind === 'replace' && Object.keys(parsed.doc).length > 0) {
      fail(CODES.FailedToParse, 'multi update is not supported for replacement-style update');
    }
    const now = () => a.core.clock.current;
    const upsert = stmt.upsert === true ? () => upsertDocument((stmt.q ?? {}) as Document, parsed, now()) : undefined;
    const outcome = await modify(a, stmt, (current) => applyUpdate(parsed, current, false, now()), stmt.multi === true, upsert);
    return outcome;
  });

const delete_: Handler = (a) =>
  runBatch(a, 'deletes', async (stmt) => {
    refuseUnmodelled(stmt, ['collation']);
    if (stmt.limit !== 0 && stmt.limit !== 1) fail(CODES.FailedToParse, 'The limit field in delete objects must be 0 or 1. Got ' + String(stmt.limit));
    const { n } = await modify(a, stmt, () => null, stmt.limit === 0);
    return { n };
  });

function projectOne(doc: Document | null, fields: unknown): Document | null {
  if (!doc || !fields || typeof fields !== 'object' || Object.keys(fields as Document).length === 0) return doc;
  return projectDocs([doc], fields)[0] ?? null;
}

const findAndModify: Handler = async (a) => {
  const { cmd } = a;
  refuseUnmodelled(cmd, ['arrayFilters', 'collation']);
  const stored = a.ctx.retry?.stmts.get(0);
  if (stored) return { ...stored, retriedStmtId: 0 };
  if (cmd.remove === true && cmd.update !== undefined) fail(CODES.FailedToParse, 'Cannot specify both an update and remove=true');
  if (cmd.remove !== true && cmd.update === undefined) fail(CODES.FailedToParse, 'Either an update or remove=true must be specified');
  if (cmd.remove === true && cmd.upsert === true) fail(CODES.FailedToParse, 'Cannot specify both upsert=true and remove=true');
  const parsed = cmd.remove === true ? undefined : parseUpdate(cmd.update);
  const query = compileFilter(cmd.query);
  const reply = await retryBlocked(a, () => {
    const inc: Incarnation | undefined = lookup(a);
    const view = writerView(a);
    const [first] = inc ? sortDocs(a.core.engine.candidates(inc, view, cmd.query).filter((d) => test(query, d)), cmd.sort) : [];
    const now = a.core.clock.current;
    if (!parsed) {
      if (first) a.core.engine.write(inc!, a.ctx.writer, idKeyOf(first._id), first, null);
      return { lastErrorObject: { n: first ? 1 : 0 }, value: first ?? null, ok: 1 };
    }
    if (first) {
      const next = applyUpdate(parsed, first, false, now);
      if (!sameDoc(first, next)) a.core.engine.write(inc!, a.ctx.writer, idKeyOf(first._id), first, next);
      return { lastErrorObject: { n: 1, updatedExisting: true }, value: cmd.new === true ? next : first, ok: 1 };
    }
    if (cmd.upsert !== true) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    const doc = upsertDocument((cmd.query ?? {}) as Document, parsed, now);
    const target = a.core.catalog.forWrite(a.db, collectionName(a), a.ctx.writer, 'findAndModify');
    a.core.engine.write(target, a.ctx.writer, idKeyOf(doc._id), null, doc);
    return { lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id }, value: cmd.new === true ? doc : null, ok: 1 };
  });
  reply.value = projectOne(reply.value as Document | null, cmd.fields);
  a.ctx.retry?.stmts.set(0, reply);
  return reply;
};

export const WRITE_HANDLERS: Record<string, Handler> = { insert, update, delete: delete_, findAndModify };
