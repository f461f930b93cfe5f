// Counters a test or a benchmark can read: commands received by name (round trips), transactions,
// write conflicts, writes that waited for a transaction, and every collection creation.
import type { CreationRecord } from './catalog';

/** Commands the driver sends on its own (monitoring, handshakes, session cleanup). */
export const MONITORING_COMMANDS = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'buildInfo', 'getParameter']);

export class SimStats {
  readonly commands: Record<string, number> = {};
  transactionsStarted = 0;
  transactionsCommitted = 0;
  transactionsAborted = 0;
  /** Aborts by reason ("WriteConflict", "client", "expired", ...). */
  readonly abortReasons: Record<string, number> = {};
  writeConflicts = 0;
  /** Non-transactional writes that waited for an open transaction (the server retries them). */
  blockedWrites = 0;
  connectionsOpened = 0;
  faultsFired = 0;
  ttlDeleted = 0;

  constructor(private readonly creationLog: () => CreationRecord[]) {}

  count(name: string): void {
    this.commands[name] = (this.commands[name] ?? 0) + 1;
  }

  /** Commands received, monitoring excluded (what an application operation costs in round trips). */
  get operations(): number {
    return Object.entries(this.commands).reduce((n, [name, c]) => (MONITORING_COMMANDS.has(name) ? n : n + c), 0);
  }

  /** Collections created by a write to a missing collection (not by create/createIndexes). */
  get implicitCollections(): CreationRecord[] {
    return this.creationLog().filter((c) => c.implicit);
  }

  get collectionCreations(): CreationRecord[] {
    return [...this.creationLog()];
  }

  /** Zeroes the counters (the creation log is kept). */
  reset(): void {
    for (const k of Object.keys(this.commands)) delete this.commands[k];
    for (const k of Object.keys(this.abortReasons)) delete this.abortReasons[k];
    this.transactionsStarted = this.transactionsCommitted = this.transactionsAborted = 0;
    this.writeConflicts = this.blockedWrites = this.faultsFired = this.ttlDeleted = 0;
  }

  snapshot(): Record<string, unknown> {
    return {
      commands: { ...this.commands },
      operations: this.operations,
      transactionsStarted: this.transactionsStarted,
      transactionsCommitted: this.transactionsCommitted,
      transactionsAborted: this.transactionsAborted,
      abortReasons: { ...this.abortReasons },
      writeConflicts: this.writeConflicts,
      blockedWrites: this.blockedWrites,
      implicitCollections: this.implicitCollections.length,
    };
  }
}
