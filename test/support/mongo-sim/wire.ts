// The wire protocol codec: message framing, OP_MSG (2013) with kind-0 and kind-1 sections and the
// optional CRC-32C checksum, and the legacy OP_QUERY (2004) / OP_REPLY (1) pair the driver uses for
// its first handshake (node_modules/mongodb/src/cmap/connection.ts: OP_QUERY until the server's
// maxWireVersion is known). Layouts follow the MongoDB Wire Protocol reference
// (https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/).
import { BSON, type Document } from 'mongodb';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

const CHECKSUM_PRESENT = 1 << 0;
const MORE_TO_COME = 1 << 1;
const EXHAUST_ALLOWED = 1 << 16;

export interface Incoming {
  requestId: number;
  opCode: number;
  db: string;
  command: Document;
  /** OP_MSG flag: the client accepts several replies (streaming hello). */
  exhaustAllowed: boolean;
  /** OP_MSG flag on a request: the client wants no reply (w: 0 writes). */
  moreToCome: boolean;
}

/** Splits a byte stream into whole messages. */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const frames: Buffer[] = [];
    while (this.buffered.length >= 4) {
      const length = this.buffered.readInt32LE(0);
      if (length < 16 || length > 48 * 1024 * 1024) throw new Error(`mongo-sim: bad message length ${length}`);
      if (this.buffered.length < length) break;
      frames.push(this.buffered.subarray(0, length));
      this.buffered = this.buffered.subarray(length);
    }
    return frames;
  }
}

const deserialize = (bytes: Buffer): Document => BSON.deserialize(bytes, { promoteLongs: true, promoteValues: true, bsonRegExp: false });

function readCString(buf: Buffer, at: number): [string, number] {
  const end = buf.indexOf(0, at);
  if (end < 0) throw new Error('mongo-sim: unterminated cstring');
  return [buf.toString('utf8', at, end), end + 1];
}

export function parseMessage(frame: Buffer): Incoming {
  const requestId = frame.readInt32LE(4);
  const opCode = frame.readInt32LE(12);
  if (opCode === OP_MSG) return parseOpMsg(frame, requestId);
  if (opCode === OP_QUERY) return parseOpQuery(frame, requestId);
  throw new Error(`mongo-sim: unsupported opCode ${opCode}`);
}

function parseOpMsg(frame: Buffer, requestId: number): Incoming {
  const flags = frame.readUInt32LE(16);
  // With checksumPresent the last 4 bytes are a CRC-32C of the message; tolerated, not verified.
  const end = flags & CHECKSUM_PRESENT ? frame.length - 4 : frame.length;
  let at = 20;
  let command: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  while (at < end) {
    const kind = frame[at];
    at += 1;
    if (kind === 0) {
      const size = frame.readInt32LE(at);
      command = deserialize(frame.subarray(at, at + size));
      at += size;
    } else if (kind === 1) {
      const size = frame.readInt32LE(at);
      const sectionEnd = at + size;
      const [identifier, docsAt] = readCString(frame, at + 4);
      const docs: Document[] = [];
      for (let p = docsAt; p < sectionEnd; ) {
        const docSize = frame.readInt32LE(p);
        docs.push(deserialize(frame.subarray(p, p + docSize)));
        p += docSize;
      }
      sequences.push([identifier, docs]);
      at = sectionEnd;
    } else {
      throw new Error(`mongo-sim: unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!command) throw new Error('mongo-sim: OP_MSG without a body section');
  // A document sequence stands for an array field of the body (OP_MSG spec, "Kind 1").
  for (const [identifier, docs] of sequences) command[identifier] = docs;
  const db = typeof command.$db === 'string' ? command.$db : 'admin';
  return { requestId, opCode: OP_MSG, db, command, exhaustAllowed: (flags & EXHAUST_ALLOWED) !== 0, moreToCome: (flags & MORE_TO_COME) !== 0 };
}

function parseOpQuery(frame: Buffer, requestId: number): Incoming {
  let at = 20; // header (16) + flags (4)
  const [ns, next] = readCString(frame, at);
  at = next + 8; // numberToSkip, numberToReturn
  const size = frame.readInt32LE(at);
  let command = deserialize(frame.subarray(at, at + size));
  // Commands may come wrapped as { $query: {...}, $readPreference } (legacy form).
  if (command.$query && typeof command.$query === 'object') command = { ...command.$query };
  const db = ns.endsWith('.$cmd') ? ns.slice(0, -'.$cmd'.length) : ns.split('.')[0];
  if (!ns.endsWith('.$cmd')) throw new Error(`mongo-sim: OP_QUERY on ${ns}: only commands are modelled`);
  return { requestId, opCode: OP_QUERY, db, command, exhaustAllowed: false, moreToCome: false };
}

let nextRequestId = 1;

export interface Encoded {
  frame: Buffer;
  requestId: number;
}

function header(length: number, responseTo: number, opCode: number): [Buffer, number] {
  const h = Buffer.alloc(16);
  const requestId = nextRequestId++ & 0x7fffffff;
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return [h, requestId];
}

/**
 * A reply to `request`. With moreToCome (exhaust: the streaming hello) more replies follow, each
 * answering the previous reply's requestId (OP_MSG spec, "moreToCome" / "exhaustAllowed").
 */
export function encodeReply(request: Incoming, doc: Document, options: { moreToCome?: boolean; responseTo?: number } = {}): Encoded {
  const body = Buffer.from(BSON.serialize(doc));
  const responseTo = options.responseTo ?? request.requestId;
  if (request.opCode === OP_QUERY) {
    // OP_REPLY: responseFlags, cursorID (int64), startingFrom, numberReturned, documents.
    const fixed = Buffer.alloc(20);
    fixed.writeInt32LE(8 /* AwaitCapable */, 0);
    fixed.writeInt32LE(1, 16);
    const [h, requestId] = header(16 + 20 + body.length, responseTo, OP_REPLY);
    return { frame: Buffer.concat([h, fixed, body]), requestId };
  }
  const flags = Buffer.alloc(5);
  flags.writeUInt32LE(options.moreToCome ? MORE_TO_COME : 0, 0);
  flags[4] = 0; // kind 0
  const [h, requestId] = header(16 + 5 + body.length, responseTo, OP_MSG);
  return { frame: Buffer.concat([h, flags, body]), requestId };
}
