// A bare OP_MSG client for tests that must send exact command documents (session fields the
// driver would manage itself, malformed updates, document sequences, the checksum flag).
import net from 'node:net';
import { BSON, type Document } from 'mongodb';
import { FrameReader } from './wire';

export class RawClient {
  private readonly reader = new FrameReader();
  private readonly waiting: Array<(doc: Document) => void> = [];
  private requestId = 1;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      for (const frame of this.reader.push(chunk)) {
        const body = frame.subarray(21); // header 16 + flags 4 + section kind 1
        this.waiting.shift()?.(BSON.deserialize(body, { promoteLongs: false }));
      }
    });
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends one command; `sequences` go as kind-1 sections; `checksum` sets the flag and appends 4 bytes. */
  command(db: string, cmd: Document, options: { sequences?: Record<string, Document[]>; checksum?: boolean } = {}): Promise<Document> {
    const parts: Buffer[] = [Buffer.from([0]), Buffer.from(BSON.serialize({ ...cmd, $db: db }))];
    for (const [identifier, docs] of Object.entries(options.sequences ?? {})) {
      const payload = Buffer.concat([Buffer.from(`${identifier}\0`), ...docs.map((d) => Buffer.from(BSON.serialize(d)))]);
      const size = Buffer.alloc(4);
      size.writeInt32LE(payload.length + 4);
      parts.push(Buffer.from([1]), size, payload);
    }
    const flags = Buffer.alloc(4);
    flags.writeUInt32LE(options.checksum ? 1 : 0);
    const checksum = options.checksum ? [Buffer.alloc(4)] : [];
    const bodyLength = 4 + parts.reduce((n, p) => n + p.length, 0) + checksum.length * 4;
    const header = Buffer.alloc(16);
    header.writeInt32LE(16 + bodyLength, 0);
    header.writeInt32LE(this.requestId++, 4);
    header.writeInt32LE(0, 8);
    header.writeInt32LE(2013, 12);
    const reply = new Promise<Document>((resolve) => this.waiting.push(resolve));
    this.socket.write(Buffer.concat([header, flags, ...parts, ...checksum]));
    return reply;
  }

  close(): void {
    this.socket.destroy();
  }
}
