// Command dispatch: session checks, the handler, and the reply's envelope.
//  - Errors raised while checking the session fields leave the transaction as it was
//    (no_read_or_write_concern_inside_txn.js: "Transaction should still commit"); an error of the
//    command itself, or a write error, aborts the transaction (create_indexes.js: a failed
//    createIndexes leaves abortTransaction answering NoSuchTransaction).
//  - Error labels: errors.ts labelsFor (the server's error_labels.cpp).
//  - Every reply carries $clusterTime and operationTime (manual, "Causal Consistency").
//  - A numeric write concern larger than the set (w > 1 on one member) is a writeConcernError 100
//    UnsatisfiableWriteConcern "Not enough data-bearing nodes" (manual, "Write Concern": w greater
//    than the number of data-bearing members).
import type { Document } from 'mongodb';
import type { SimCore } from '../core';
import { toTimestamp } from '../clock';
import { CODES, CommandError, codeName, errorReply, fail, labelsFor, type SessionFlags } from '../errors';
import type { Incoming } from '../wire';
import type { Ctx } from '../sessions';
import { ADMIN_HANDLERS, SESSIONLESS } from './admin';
import type { ConnInfo, Handler } from './context';
import { DDL_HANDLERS } from './ddl';
import { INDEX_HANDLERS } from './indexes';
import { READ_HANDLERS } from './reads';
import { WRITE_HANDLERS } from './writes';

const commitTransaction: Handler = (a) => {
  const txn = a.ctx.txn!;
  // Retrying the commit of a committed transaction succeeds (finished_transaction_error_handling.js).
  if (txn.state !== 'committed') a.core.commit(txn);
  return { ok: 1 };
};

const abortTransaction: Handler = (a) => {
  a.core.abort(a.ctx.txn!, 'abortTransaction');
  return { ok: 1 };
};

export const HANDLERS: Record<string, Handler> = {
  ...ADMIN_HANDLERS,
  ...READ_HANDLERS,
  ...WRITE_HANDLERS,
  ...DDL_HANDLERS,
  ...INDEX_HANDLERS,
  commitTransaction,
  abortTransaction,
};

const WRITE_CONCERN_COMMANDS = new Set(['insert', 'update', 'delete', 'findAndModify', 'commitTransaction', 'abortTransaction', 'create', 'drop', 'dropDatabase', 'createIndexes', 'dropIndexes', 'collMod']);

export const commandName = (cmd: Document): string => Object.keys(cmd)[0] ?? '';

export function sessionFlags(cmd: Document): SessionFlags {
  return { hasTxnNumber: cmd.txnNumber !== undefined, hasAutocommit: cmd.autocommit !== undefined, commandName: commandName(cmd) };
}

/** $clusterTime and operationTime, as on every reply of a replica-set member. */
export function envelope(core: SimCore, reply: Document): Document {
  return { ...reply, $clusterTime: core.clock.gossip(), operationTime: toTimestamp(core.clock.current) };
}

export function failureReply(core: SimCore, cmd: Document, error: CommandError, noWritesPerformed = false): Document {
  const reply = errorReply(error);
  const labels = error.forcedLabels ?? labelsFor(sessionFlags(cmd), error.code, undefined, noWritesPerformed);
  if (labels.length) reply.errorLabels = labels;
  return envelope(core, reply);
}

/** Adds a writeConcernError (and its labels) to a successful reply. */
export function withWriteConcernError(cmd: Document, reply: Document, wcError: Document): Document {
  const out: Document = { ...reply, writeConcernError: { ...wcError } };
  delete out.writeConcernError.errorLabels;
  const labels = (wcError.errorLabels as string[] | undefined) ?? labelsFor(sessionFlags(cmd), undefined, wcError.code as number);
  if (labels.length) out.errorLabels = labels;
  return out;
}

export async function dispatch(core: SimCore, incoming: Incoming, conn: ConnInfo): Promise<Document> {
  const cmd = incoming.command;
  const name = commandName(cmd);
  core.stats.count(name);
  let ctx: Ctx | undefined;
  try {
    const handler = HANDLERS[name] ?? fail(CODES.CommandNotFound, `no such command: '${name}'`);
    if (!core.isPrimary && !SESSIONLESS.has(name)) {
      // Between a step-down and the re-election (manual, "Replica Set Elections").
      if (WRITE_CONCERN_COMMANDS.has(name)) fail(CODES.NotWritablePrimary, 'not primary', { topologyVersion: core.topologyVersion() });
      fail(CODES.NotPrimaryNoSecondaryOk, 'not primary and secondaryOk=false', { topologyVersion: core.topologyVersion() });
    }
    ctx = SESSIONLESS.has(name) ? { view: { kind: 'latest' }, writer: { kind: 'auto' }, starts: false } : core.sessions.begin(name, cmd);
    if (ctx.starts) core.began();
    let reply: Document;
    try {
      reply = await handler({ core, cmd, db: incoming.db, name, ctx, conn });
    } catch (error) {
      if (ctx.txn?.state === 'open' && name !== 'abortTransaction') {
        core.abort(ctx.txn, error instanceof CommandError ? codeName(error.code) : 'error');
      }
      throw error;
    }
    if (reply.writeErrors && ctx.txn?.state === 'open') core.abort(ctx.txn, `writeError ${codeName(reply.writeErrors[0].code)}`);
    const w = (cmd.writeConcern as Document | undefined)?.w;
    if (WRITE_CONCERN_COMMANDS.has(name) && typeof w === 'number' && w > 1) {
      reply = withWriteConcernError(cmd, reply, { code: 100, codeName: 'UnsatisfiableWriteConcern', errmsg: 'Not enough data-bearing nodes' });
    }
    return envelope(core, reply);
  } catch (error) {
    if (error instanceof CommandError) return failureReply(core, cmd, error);
    const internal = new CommandError(CODES.InternalError, `mongo-sim internal error: ${(error as Error)?.stack ?? String(error)}`);
    return failureReply(core, cmd, internal);
  }
}
