// Fault injection for tests: armed faults fire on matching commands, `times` times each.
// What each fault imitates (and what the driver does about it) is said beside it.
import type { Document } from 'mongodb';
import { MONITORING_COMMANDS } from './stats';

export interface CommandInfo {
  name: string;
  db: string;
  /** The collection named by the command, if any ("find: 'x'" -> x). */
  collection?: string;
  /** The command carries autocommit: false. */
  inTransaction: boolean;
  command: Document;
  connectionId: number;
}

/**
 * A predicate, or a pattern whose fields must all match. Patterns never match the driver's
 * monitoring commands (hello, ping, ...) unless they name them.
 */
export type Matcher =
  | ((c: CommandInfo) => boolean)
  | { name?: string | string[]; collection?: string; db?: string; inTransaction?: boolean };

export interface Pause {
  /** Resolves when a matching command has arrived and is being held. */
  reached: Promise<CommandInfo>;
  /** Lets the held command run (also valid before it arrived: it then passes straight through). */
  release(): void;
}

export type Fault =
  | { kind: 'close'; phase: 'before' | 'after' }
  | { kind: 'notWritablePrimary'; abortTransactions: boolean; electionDelayMs: number }
  | { kind: 'writeConcernError'; error: Document }
  | { kind: 'error'; error: Document }
  | { kind: 'pause'; gate: Promise<void>; arrived: (c: CommandInfo) => void };

interface Armed {
  matches: (c: CommandInfo) => boolean;
  remaining: number;
  fault: Fault;
}

function compile(m: Matcher): (c: CommandInfo) => boolean {
  if (typeof m === 'function') return m;
  const names = m.name === undefined ? undefined : Array.isArray(m.name) ? m.name : [m.name];
  return (c) =>
    (names ? names.includes(c.name) : !MONITORING_COMMANDS.has(c.name)) &&
    (m.collection === undefined || c.collection === m.collection) &&
    (m.db === undefined || c.db === m.db) &&
    (m.inTransaction === undefined || c.inTransaction === m.inTransaction);
}

export class FaultControl {
  private armed: Armed[] = [];
  /** Called each time a fault fires. */
  onFire: (fault: Fault, c: CommandInfo) => void = () => undefined;

  private arm(match: Matcher, fault: Fault, times = 1): void {
    this.armed.push({ matches: compile(match), remaining: times, fault });
  }

  /** Drops the connection when a matching command arrives, before it runs: it has no effect. */
  closeConnection(match: Matcher, options: { times?: number } = {}): void {
    this.arm(match, { kind: 'close', phase: 'before' }, options.times);
  }

  /** Runs the matching command, then drops the connection instead of replying: its reply is lost. */
  loseReply(match: Matcher, options: { times?: number } = {}): void {
    this.arm(match, { kind: 'close', phase: 'after' }, options.times);
  }

  /** A commitTransaction that applies, and whose reply is lost (the driver retries the commit). */
  loseCommitReply(options: { times?: number } = {}): void {
    this.loseReply({ name: 'commitTransaction' }, options);
  }

  /**
   * Answers NotWritablePrimary (10107) without running the command, as a primary that has just
   * stepped down: the reply carries the new topologyVersion, awaiting hello monitors are answered
   * at once, and (optionally, as a real step-down does) open transactions are aborted. The node is
   * primary again (new electionId) after electionDelayMs (default 0); until then hello says
   * secondary and commands fail with NotWritablePrimary / NotPrimaryNoSecondaryOk.
   */
  notWritablePrimary(match: Matcher, options: { times?: number; abortTransactions?: boolean; electionDelayMs?: number } = {}): void {
    const fault: Fault = { kind: 'notWritablePrimary', abortTransactions: options.abortTransactions ?? false, electionDelayMs: options.electionDelayMs ?? 0 };
    this.arm(match, fault, options.times);
  }

  /** Runs the matching write and adds a writeConcernError to its (successful) reply. */
  writeConcernError(match: Matcher, options: { times?: number; code?: number; codeName?: string; errmsg?: string; errorLabels?: string[] } = {}): void {
    const error: Document = {
      code: options.code ?? 64,
      codeName: options.codeName ?? 'WriteConcernFailed',
      errmsg: options.errmsg ?? 'waiting for replication timed out',
      errInfo: { wtimeout: true, writeConcern: { w: 'majority', wtimeout: 0, provenance: 'clientSupplied' } },
    };
    if (options.errorLabels) error.errorLabels = options.errorLabels;
    this.arm(match, { kind: 'writeConcernError', error }, options.times);
  }

  /** Answers the given error without running the command (labels as given; none computed). */
  failCommand(match: Matcher, error: { code: number; codeName?: string; errmsg?: string; errorLabels?: string[] }, options: { times?: number } = {}): void {
    this.arm(match, { kind: 'error', error: { ...error } }, options.times);
  }

  /** Holds the next matching command before it runs, until release(). */
  pauseAt(match: Matcher): Pause {
    let release!: () => void;
    let arrived!: (c: CommandInfo) => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const reached = new Promise<CommandInfo>((resolve) => (arrived = resolve));
    this.arm(match, { kind: 'pause', gate, arrived });
    return { reached, release };
  }

  private scheduler: { matches: (c: CommandInfo) => boolean; hold: (c: CommandInfo) => Promise<void> } | null = null;

  /**
   * Every matching command waits for `hold(command)` before it runs, until the returned function is
   * called: an interleaving test decides the order in which concurrent units' commands run.
   */
  schedule(match: Matcher, hold: (c: CommandInfo) => Promise<void>): () => void {
    const scheduler = { matches: compile(match), hold };
    this.scheduler = scheduler;
    return () => {
      if (this.scheduler === scheduler) this.scheduler = null;
    };
  }

  /** Waits for the scheduler, if one is set and the command matches. */
  async scheduled(c: CommandInfo): Promise<void> {
    if (this.scheduler?.matches(c)) await this.scheduler.hold(c);
  }

  /** Disarms every fault that has not fired. */
  clear(): void {
    this.armed = [];
  }

  get pending(): number {
    return this.armed.length;
  }

  /** The faults that fire for this command in this phase (their counts are used up). */
  take(c: CommandInfo, phase: 'before' | 'after'): Fault[] {
    const fired: Fault[] = [];
    for (const a of this.armed) {
      const f = a.fault;
      const inPhase = (f.kind === 'close' ? f.phase : f.kind === 'writeConcernError' ? 'after' : 'before') === phase;
      if (!inPhase || a.remaining <= 0 || !a.matches(c)) continue;
      a.remaining--;
      fired.push(f);
      this.onFire(f, c);
    }
    this.armed = this.armed.filter((a) => a.remaining > 0);
    return fired;
  }
}
