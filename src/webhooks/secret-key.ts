// Where the key that seals webhook signing secrets comes from, in this order:
//   1. WEBHOOK_SECRET_KEY (required to share one key between several processes on MongoDB);
//   2. on SQLite, a key file beside the database (DATA_DIR/webhook-secret.key, mode 0600), made at the
//      first start: the database alone, copied elsewhere, then reveals no secret;
//   3. STORE=memory: a key for the life of the process (the store keeps nothing either);
//   4. MongoDB without WEBHOOK_SECRET_KEY: none in production (subscriptions are refused, naming the
//      variable), a fixed, publicly known key in development (with a warning).
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SecretBox } from '../services/events/secret-box';

export const KEY_FILE = 'webhook-secret.key';

export interface KeySource {
  box: SecretBox | null;
  /** Where it came from, for the start-up log (never the key). */
  source: 'WEBHOOK_SECRET_KEY' | 'key file' | 'process' | 'development key' | 'none';
}

export function webhookSecretKey(o: { secretKey: string | undefined; store: string; dataDir: string; production: boolean }): KeySource {
  if (o.secretKey) return { box: SecretBox.fromKey(o.secretKey), source: 'WEBHOOK_SECRET_KEY' };
  if (o.store === 'sqlite') {
    mkdirSync(o.dataDir, { recursive: true });
    const file = path.join(o.dataDir, KEY_FILE);
    try {
      writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return { box: SecretBox.fromKey(readFileSync(file, 'utf8')), source: 'key file' };
  }
  if (o.store === 'memory') return { box: SecretBox.random(), source: 'process' };
  if (o.production) return { box: null, source: 'none' };
  return { box: SecretBox.fromKey(createHash('sha256').update('booking-gateway development webhook key').digest('hex')), source: 'development key' };
}
