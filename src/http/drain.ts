// Graceful shutdown of the HTTP server (SIGTERM): no new connections, every request already received
// finishes and is answered, and no client loses a request it had already sent.
//
// The race this handles: a keep-alive socket that looks idle may carry a request already on the wire,
// and a socket accepted a moment ago may not have delivered its first request yet. Ending such a
// socket at once resets a request the client believes sent (ECONNRESET), and a request that was
// being processed may commit without its answer ever arriving. So, on drain:
//   1. connections already in the listen backlog are accepted (see quietListener), then the listener
//      closes: new connections are refused;
//   2. every response not yet started, and every later one, carries `Connection: close`, so each
//      socket closes after its current response;
//   3. sockets with no request in progress linger for `lingerMs`, long enough for a request already
//      on the wire to arrive and be served, then are ended;
//   4. after `graceMs` whatever is left is destroyed.
import type http from 'node:http';
import type { Socket } from 'node:net';

const ACCEPT_QUIET_MS = 20;
const ACCEPT_MAX_MS = 250;
const ACCEPT_POLL_MS = 5;

interface SocketState {
  /** Requests received on the socket and not yet answered. */
  active: number;
}

export class HttpDrain {
  private readonly sockets = new Map<Socket, SocketState>();
  private readonly pending = new Set<http.ServerResponse>();
  private drainRun: Promise<void> | null = null;
  private lingering = false;

  constructor(private readonly server: http.Server) {
    server.on('connection', (socket: Socket) => {
      this.sockets.set(socket, { active: 0 });
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const state = this.sockets.get(req.socket);
      if (state) state.active++;
      this.pending.add(res);
      if (this.drainRun) res.setHeader('connection', 'close');
      res.once('close', () => {
        this.pending.delete(res);
        if (!state) return;
        state.active--;
        if (this.drainRun && !this.lingering && state.active === 0) req.socket.end();
      });
    });
  }

  /** True from the start of a drain: /healthz then answers 503 so load balancers stop routing here. */
  get draining(): boolean {
    return this.drainRun !== null;
  }

  /** Runs the drain (once); resolves when every socket has closed, gracefully or destroyed after graceMs. */
  drain(graceMs: number, lingerMs = Math.min(1000, graceMs)): Promise<void> {
    this.drainRun ??= this.run(graceMs, lingerMs);
    return this.drainRun;
  }

  /**
   * Connections the kernel has completed wait in the listen backlog, and closing the listener resets
   * them: their clients see ECONNRESET for requests they have sent. While connections keep arriving
   * (a burst in progress at the signal) the listener stays open, until none has arrived for
   * ACCEPT_QUIET_MS, and never longer than ACCEPT_MAX_MS after the signal.
   */
  private async quietListener(): Promise<void> {
    const started = Date.now();
    let last = started;
    const arrived = () => (last = Date.now());
    this.server.on('connection', arrived);
    try {
      while (Date.now() - last < ACCEPT_QUIET_MS && Date.now() - started < ACCEPT_MAX_MS) {
        await new Promise((resolve) => setTimeout(resolve, ACCEPT_POLL_MS));
      }
    } finally {
      this.server.off('connection', arrived);
    }
  }

  private async run(graceMs: number, lingerMs: number): Promise<void> {
    this.lingering = true;
    for (const res of this.pending) if (!res.headersSent) res.setHeader('connection', 'close');
    await this.quietListener();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const linger = setTimeout(() => {
      this.lingering = false;
      for (const [socket, state] of this.sockets) if (state.active === 0) socket.end();
    }, lingerMs);
    const hardStop = setTimeout(() => {
      for (const socket of this.sockets.keys()) socket.destroy();
    }, graceMs);
    return closed.finally(() => {
      clearTimeout(linger);
      clearTimeout(hardStop);
    });
  }
}
