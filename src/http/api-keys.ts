// API keys and their roles (api-contract "Access"). Keys are compared as SHA-256 digests with
// timingSafeEqual against every configured key, so timing reveals neither a key nor which matched.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Caller, Role } from '../domain/caller';
import { ConfigError } from '../config';

interface KeyEntry {
  caller: Caller;
  digest: Buffer;
}

const ROLES: readonly Role[] = ['widget', 'partner', 'merchant'];
const MERCHANT_ID = /^[^\s:+,]{1,128}$/;
const digest = (key: string): Buffer => createHash('sha256').update(key).digest();

export class ApiKeys {
  private constructor(private readonly entries: readonly KeyEntry[]) {}

  /** With no keys configured every request acts as this caller (development only). */
  static readonly DEVELOPMENT_CALLER: Caller = { id: 'development', role: 'partner', merchantIds: null };

  static fromConfig(apiKeys: string | undefined, apiKeysFile: string | undefined): ApiKeys {
    const entries: KeyEntry[] = [];
    // A caller's name scopes its idempotency tokens, leases and users, and a key must name one
    // caller: two entries sharing either would merge two callers, so both refuse to start.
    const names = new Map<string, string>();
    const keys = new Map<string, string>();
    const add = (name: string, role: string, key: string, where: string, merchantIds: readonly string[] | null = null) => {
      if (!ROLES.includes(role as Role)) throw new ConfigError(`${where}: role must be widget, partner or merchant, got "${role}"`);
      if (key.length < 8) throw new ConfigError(`${where}: a key must have at least 8 characters`);
      if (role === 'merchant' && !merchantIds?.length) throw new ConfigError(`${where}: a merchant key names the merchants it serves`);
      if (merchantIds !== null && merchantIds.length === 0) throw new ConfigError(`${where}: merchantIds, when given, names at least one merchant`);
      if (role === 'widget' && merchantIds !== null) throw new ConfigError(`${where}: merchantIds restrict partner and merchant keys only`);
      for (const id of merchantIds ?? []) {
        if (!MERCHANT_ID.test(id)) throw new ConfigError(`${where}: "${id}" is not a merchant id`);
      }
      const keyDigest = digest(key);
      const sameName = names.get(name);
      if (sameName) throw new ConfigError(`${where}: the name "${name}" is already used by ${sameName}; every key needs its own name`);
      const sameKey = keys.get(keyDigest.toString('hex'));
      if (sameKey) throw new ConfigError(`${where}: the same key is already configured by ${sameKey}`);
      names.set(name, where);
      keys.set(keyDigest.toString('hex'), where);
      entries.push({ caller: { id: name, role: role as Role, merchantIds: merchantIds ? [...new Set(merchantIds)] : null }, digest: keyDigest });
    };
    for (const [i, pair] of (apiKeys ?? '').split(',').map((p) => p.trim()).filter(Boolean).entries()) {
      const where = `API_KEYS entry ${i + 1}`;
      const colon = pair.indexOf(':');
      if (colon < 0) throw new ConfigError(`${where} must be role:key (merchant:<merchantId>[+<merchantId>…]:key)`);
      const role = pair.slice(0, colon);
      let key = pair.slice(colon + 1);
      let merchantIds: string[] | null = null;
      if (role === 'merchant') {
        const second = key.indexOf(':');
        if (second < 0) throw new ConfigError(`${where} must be merchant:<merchantId>[+<merchantId>…]:key`);
        merchantIds = key.slice(0, second).split('+');
        key = key.slice(second + 1);
      }
      // The id names the key without revealing it: a short digest prefix.
      add(`${role}-${digest(key).toString('hex').slice(0, 12)}`, role, key, where, merchantIds);
    }
    if (apiKeysFile) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(apiKeysFile, 'utf8'));
      } catch (error) {
        throw new ConfigError(`API_KEYS_FILE ${apiKeysFile} could not be read as JSON: ${(error as Error).message}`);
      }
      if (!Array.isArray(parsed)) throw new ConfigError('API_KEYS_FILE must hold a JSON array of {name, role, key}');
      parsed.forEach((e: { name?: unknown; role?: unknown; key?: unknown; merchantIds?: unknown }, i) => {
        const where = `API_KEYS_FILE entry ${i + 1}`;
        if (typeof e?.name !== 'string' || typeof e.role !== 'string' || typeof e.key !== 'string') {
          throw new ConfigError(`${where} needs string name, role and key`);
        }
        if (e.merchantIds !== undefined && !(Array.isArray(e.merchantIds) && e.merchantIds.every((m) => typeof m === 'string'))) {
          throw new ConfigError(`${where}: merchantIds must be an array of merchant ids`);
        }
        add(e.name, e.role, e.key, where, (e.merchantIds as string[] | undefined) ?? null);
      });
    }
    return new ApiKeys(entries);
  }

  get configured(): boolean {
    return this.entries.length > 0;
  }

  /** The caller an Authorization header names; null when it names no configured key. */
  resolve(authorization: string | undefined): Caller | null {
    if (!this.configured) return ApiKeys.DEVELOPMENT_CALLER;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return null;
    const presented = digest(match[1]);
    let found: Caller | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, presented)) found = entry.caller;
    }
    return found;
  }
}
