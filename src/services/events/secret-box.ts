// Webhook signing secrets at rest. They are encrypted, not hashed: the dispatcher must sign every
// delivery with the secret itself (HMAC-SHA256, Standard Webhooks), and a hash cannot sign. AES-256-GCM
// (node:crypto) with a key kept outside the database (WEBHOOK_SECRET_KEY, or a key file beside the
// SQLite database), so a copy of the database alone does not reveal any secret; GCM's tag makes a
// tampered record fail to open rather than sign with garbage. The subscription id is bound in as
// associated data, so a sealed secret cannot be moved to another subscription.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** A 32-byte key, given as base64 (44 characters) or hex (64 characters). */
  static fromKey(text: string): SecretBox {
    const trimmed = text.trim();
    const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
    if (key.length !== 32) throw new Error('a webhook secret key is 32 bytes, as base64 or hex');
    return new SecretBox(key);
  }

  static random(): SecretBox {
    return new SecretBox(randomBytes(32));
  }

  seal(secret: string, subscriptionId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(subscriptionId));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), sealed.toString('base64'), cipher.getAuthTag().toString('base64')].join('.');
  }

  open(sealed: string, subscriptionId: string): string {
    const [version, iv, data, tag] = sealed.split('.');
    if (version !== VERSION || !iv || !data || !tag) throw new Error('not a sealed webhook secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(subscriptionId));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  }
}

/** A new signing secret in the Standard Webhooks form: `whsec_` + base64 of 32 random bytes. */
export const newSigningSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;
