// HTTP Basic credentials of the Booking Server face (BOOKING_SERVER_CREDENTIALS). Each username:password
// pair is one caller with the partner role, whose idempotency tokens, leases and users are its own.
// Credentials are compared as SHA-256 digests with timingSafeEqual against every configured pair, so
// timing reveals neither a password nor which pair matched, and they are never logged.
import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../config';
import type { Caller } from '../domain/caller';

interface Entry {
  caller: Caller;
  digest: Buffer;
}

const digest = (username: string, password: string): Buffer => createHash('sha256').update(`${username}\u0000${password}`).digest();

/** A username names its caller: letters, digits and . _ - @ only, so a caller id is safe to log. */
const USERNAME = /^[\w.@-]{1,64}$/;

export class BookingServerCredentials {
  private constructor(private readonly entries: readonly Entry[]) {}

  /** With none configured (development only) every request acts as this caller, like GraphQL's. */
  static readonly DEVELOPMENT_CALLER: Caller = { id: 'development', role: 'partner', merchantIds: null };

  static fromConfig(value: string | undefined): BookingServerCredentials {
    const entries: Entry[] = [];
    const names = new Set<string>();
    for (const [i, pair] of (value ?? '').split(',').map((p) => p.trim()).filter(Boolean).entries()) {
      const where = `BOOKING_SERVER_CREDENTIALS entry ${i + 1}`;
      const colon = pair.indexOf(':');
      if (colon < 1) throw new ConfigError(`${where} must be username:password`);
      const username = pair.slice(0, colon);
      const password = pair.slice(colon + 1);
      if (!USERNAME.test(username)) throw new ConfigError(`${where}: a username is 1–64 letters, digits, ".", "_", "-" or "@"`);
      if (password.length < 8) throw new ConfigError(`${where}: a password must have at least 8 characters`);
      if (names.has(username)) throw new ConfigError(`${where}: the username "${username}" is configured twice`);
      names.add(username);
      entries.push({ caller: { id: `booking-server:${username}`, role: 'partner', merchantIds: null }, digest: digest(username, password) });
    }
    return new BookingServerCredentials(entries);
  }

  get configured(): boolean {
    return this.entries.length > 0;
  }

  /** The caller an Authorization header names; null when it names no configured credential. */
  resolve(authorization: string | undefined): Caller | null {
    if (!this.configured) return BookingServerCredentials.DEVELOPMENT_CALLER;
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
    if (!match) return null;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const presented = digest(decoded.slice(0, colon), decoded.slice(colon + 1));
    let found: Caller | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, presented)) found = entry.caller;
    }
    return found;
  }
}
