// An online backup of the SQLite store: a consistent copy of the database file, taken while the
// gateway runs. VACUUM INTO reads one snapshot (WAL lets it read beside the writer) and writes a
// compact, self-contained database, so the copy needs no -wal file beside it.
import Database from 'libsql';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE } from './sqlite.store';

export class BackupError extends Error {}

export function backupDatabase(dataDir: string, target: string): { bytes: number } {
  const source = path.join(dataDir, DATABASE_FILE);
  if (!existsSync(source)) throw new BackupError(`no database at ${source} (set DATA_DIR to the gateway's data directory)`);
  if (existsSync(target)) throw new BackupError(`${target} exists already; choose a new file`);
  const db = new Database(source, { readonly: true, timeout: 5000 });
  try {
    db.prepare('VACUUM INTO ?').run(target);
  } finally {
    db.close();
  }
  const copy = new Database(target, { readonly: true });
  try {
    const pages = (copy.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    const size = (copy.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
    return { bytes: pages * size };
  } finally {
    copy.close();
  }
}
