// `npm run backup -- <file>`: a consistent online copy of the SQLite store in DATA_DIR (default
// ./data) into <file>, while the gateway runs. Restore: stop the gateway, put the file in place of
// DATA_DIR/gateway.db (removing gateway.db-wal and gateway.db-shm beside it), start again.
import path from 'node:path';
import { BackupError, backupDatabase } from '../src/store/sqlite/backup';

const target = process.argv[2];
if (!target) {
  console.error('usage: npm run backup -- <file>   (DATA_DIR names the data directory, default ./data)');
  process.exit(2);
}
const dataDir = process.env.DATA_DIR || './data';
try {
  const { bytes } = backupDatabase(dataDir, path.resolve(target));
  console.log(`backed up ${path.join(dataDir, 'gateway.db')} to ${target} (${bytes} bytes)`);
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  console.error(`backup: ${error.message}`);
  process.exit(1);
}
