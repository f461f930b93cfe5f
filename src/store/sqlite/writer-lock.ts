// One gateway process per data directory: SQLite is not a cluster (for several processes, MongoDB).
// The lock is a small SQLite database of its own, opened in EXCLUSIVE locking mode and written once:
// SQLite then holds an OS file lock on it for as long as the connection lives, and the OS drops that
// lock when the process ends, however it ends (kill -9 included), so no stale lock file can block a
// restart. The data file itself stays shared, so `npm run backup` can read it while the gateway runs.
//
// libsql's close() does not close the native connection while the process lives (its lock stays
// held; seen here), so a process keeps its lock connection once made and hands it to the next store
// it opens on the same directory: a reopen in one process works, a second open at once is refused.
import Database from 'libsql';
import path from 'node:path';

export class DataDirInUseError extends Error {}

export interface WriterLock {
  release(): void;
}

/** Lock connections of this process by directory (kept referenced: collecting one would drop its lock). */
const held = new Map<string, { inUse: boolean; connection: Database.Database }>();

const inUse = (dataDir: string) =>
  new DataDirInUseError(`another gateway process is using DATA_DIR ${dataDir}; one process per data directory (for several, use STORE=mongodb)`);

export function lockDataDir(dataDir: string): WriterLock {
  const key = path.resolve(dataDir);
  let entry = held.get(key);
  if (!entry) {
    const lock = new Database(path.join(dataDir, 'gateway.lock'), { timeout: 0 });
    try {
      lock.pragma('journal_mode = MEMORY'); // no journal file beside the lock
      lock.pragma('locking_mode = EXCLUSIVE');
      // exec only, no prepared statement: a statement would pin the connection too.
      lock.exec(`BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS holder (pid INTEGER); DELETE FROM holder; INSERT INTO holder VALUES (${Number(process.pid)}); COMMIT`);
    } catch (error) {
      lock.close();
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw inUse(dataDir);
      throw error;
    }
    entry = { inUse: false, connection: lock };
    held.set(key, entry);
  }
  if (entry.inUse) throw inUse(dataDir);
  entry.inUse = true;
  const claimed = entry;
  return { release: () => (claimed.inUse = false) };
}
