// mongo-sim: a one-member MongoDB replica set ("rs0") simulated in-process, for tests that need the
// real driver's transaction machinery (see README.md in this folder for what is and is not modelled).
//
//   const sim = await startMongoSim();
//   const client = new MongoClient(sim.uri);            // mongodb://127.0.0.1:<port>/?replicaSet=rs0
//   sim.faults.loseCommitReply();                        // the next commit applies, its reply is lost
//   const pause = sim.faults.pauseAt({ name: 'update', inTransaction: true });
//   await pause.reached; ...; pause.release();
//   sim.stats.commands.find; sim.stats.writeConflicts;
//   await sim.stop();
import type { Document } from 'mongodb';
import type { CreationRecord } from './catalog';
import { SimCore, type SimOptions } from './core';
import type { FaultControl } from './faults';
import { SimServer } from './server';
import type { SimStats } from './stats';

export type { SimOptions } from './core';
export type { CommandInfo, Matcher, Pause, FaultControl } from './faults';
export type { SimStats } from './stats';
export type { CreationRecord } from './catalog';

export interface MongoSim {
  /** mongodb://127.0.0.1:<port>/?replicaSet=<name> */
  readonly uri: string;
  readonly port: number;
  readonly faults: FaultControl;
  readonly stats: SimStats;
  /** Stops listening, drops every connection and the background jobs. */
  stop(): Promise<void>;
  /** Runs the TTL monitor now; answers how many documents it deleted. */
  runTtlSweep(now?: number): number;
  /** Drops every client connection now (the driver sees network errors and reconnects). */
  dropConnections(): void;
  /** Aborts transactions older than the lifetime limit and forgets history past the window, now. */
  runMaintenance(now?: number): void;
  /** Open (neither committed nor aborted) transactions. */
  openTransactions(): number;
  /** Every collection creation so far (implicit ones flagged). */
  creations(): CreationRecord[];
  /** The latest committed documents of a collection, read directly (no command counted). */
  documents(db: string, collection: string): Document[];
}

export async function startMongoSim(options: SimOptions = {}): Promise<MongoSim> {
  const core = new SimCore(options);
  const server = new SimServer(core);
  const port = await server.listen(options.port ?? 0);
  core.address = `127.0.0.1:${port}`;
  core.start();
  let stopped = false;
  return {
    uri: `mongodb://127.0.0.1:${port}/?replicaSet=${core.replSetName}`,
    port,
    faults: core.faults,
    stats: core.stats,
    async stop() {
      if (stopped) return;
      stopped = true;
      core.stop();
      await server.close();
    },
    runTtlSweep: (now) => core.runTtlSweep(now),
    dropConnections: () => server.dropConnections(),
    runMaintenance: (now) => core.maintain(now),
    openTransactions: () => core.sessions.open.size,
    creations: () => [...core.catalog.creations],
    documents(db, collection) {
      const inc = core.catalog.live(db, collection);
      return inc ? core.engine.scan(inc, { kind: 'latest' }) : [];
    },
  };
}
