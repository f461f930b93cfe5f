// The TCP side: one listener on 127.0.0.1, one message at a time per connection (the driver never
// pipelines; a streaming hello holds its connection until it is answered), and the injected faults
// applied around each command.
import net from 'node:net';
import type { Document } from 'mongodb';
import { commandName, dispatch, envelope, failureReply, withWriteConcernError } from './commands/dispatch';
import type { SimCore } from './core';
import { CODES, CommandError } from './errors';
import type { CommandInfo } from './faults';
import { encodeReply, FrameReader, parseMessage, type Incoming } from './wire';

export class SimServer {
  private readonly server = net.createServer((socket) => this.accept(socket));
  private readonly sockets = new Set<net.Socket>();
  private nextConnectionId = 1;

  constructor(private readonly core: SimCore) {}

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Drops every client connection (as a network blip or a restart would). */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    this.core.stats.connectionsOpened++;
    socket.setNoDelay(true);
    const conn = { id: this.nextConnectionId++, remote: `${socket.remoteAddress}:${socket.remotePort}` };
    const reader = new FrameReader();
    let queue: Promise<void> = Promise.resolve();
    socket.on('data', (chunk) => {
      let frames: Buffer[];
      try {
        frames = reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const frame of frames) queue = queue.then(() => this.handle(socket, frame, conn)).catch(() => {
          socket.destroy();
        });
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private async handle(socket: net.Socket, frame: Buffer, conn: { id: number; remote: string }): Promise<void> {
    if (socket.destroyed) return;
    const incoming = parseMessage(frame);
    const cmd = incoming.command;
    const name = commandName(cmd);
    const info: CommandInfo = {
      name,
      db: incoming.db,
      collection: typeof cmd[name] === 'string' ? (cmd[name] as string) : undefined,
      inTransaction: cmd.autocommit === false,
      command: cmd,
      connectionId: conn.id,
    };
    let early: Document | undefined;
    await this.core.faults.scheduled(info);
    for (const fault of this.core.faults.take(info, 'before')) {
      if (fault.kind === 'pause') {
        fault.arrived(info);
        await fault.gate;
      } else if (fault.kind === 'close') {
        this.core.stats.count(name);
        socket.destroy();
        return;
      } else if (fault.kind === 'error') {
        const error = new CommandError(fault.error.code, fault.error.errmsg ?? 'failing command by mongo-sim', {}, fault.error.errorLabels);
        early = failureReply(this.core, cmd, error);
      } else if (fault.kind === 'notWritablePrimary') {
        const topologyVersion = this.core.stepDown(fault.abortTransactions, fault.electionDelayMs);
        const error = new CommandError(CODES.NotWritablePrimary, 'not primary', { topologyVersion });
        early = failureReply(this.core, cmd, error, true);
      }
    }
    if (socket.destroyed) return;
    if (!early && incoming.exhaustAllowed && cmd.topologyVersion && typeof cmd.maxAwaitTimeMS === 'number') {
      return this.stream(socket, incoming, conn);
    }
    let reply: Document;
    if (early) {
      this.core.stats.count(name);
      reply = early;
    } else {
      reply = await dispatch(this.core, incoming, conn);
    }
    for (const fault of this.core.faults.take(info, 'after')) {
      if (fault.kind === 'close') {
        socket.destroy();
        return;
      }
      if (fault.kind === 'writeConcernError' && reply.ok === 1) reply = envelope(this.core, withWriteConcernError(cmd, reply, fault.error));
    }
    this.send(socket, incoming, reply);
  }

  /**
   * The streaming hello: one reply per topology change or maxAwaitTimeMS, all with moreToCome,
   * until the connection closes (SDAM spec, "Streaming Protocol"; the driver's exhaustCommand
   * treats a reply without moreToCome as an error).
   */
  private async stream(socket: net.Socket, incoming: Incoming, conn: { id: number; remote: string }): Promise<void> {
    let responseTo = incoming.requestId;
    let request = incoming;
    while (!socket.destroyed) {
      const reply = await dispatch(this.core, request, conn);
      if (socket.destroyed) return;
      const { frame, requestId } = encodeReply(incoming, reply, { moreToCome: true, responseTo });
      socket.write(frame);
      responseTo = requestId;
      request = { ...incoming, command: { ...incoming.command, topologyVersion: reply.topologyVersion } };
    }
  }

  private send(socket: net.Socket, incoming: Incoming, reply: Document): void {
    if (incoming.moreToCome || socket.destroyed) return;
    socket.write(encodeReply(incoming, reply).frame);
  }
}

