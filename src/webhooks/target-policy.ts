// Where webhooks may go. At subscription time the URL's host is resolved and every address it resolves
// to must be public (address-check.ts); at delivery time the connection itself resolves through the
// same check (guardedLookup), so a name that later resolves to a private address (DNS rebinding) is
// refused at connect time, not trusted from the first answer. WEBHOOK_ALLOW_PRIVATE=true allows all.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { invalidArgument } from '../domain/errors';
import type { WebhookTargetPolicy } from '../services/events/webhook-subscriptions.service';
import { nonPublicReason } from './address-check';

export type ResolveAll = (host: string) => Promise<LookupAddress[]>;

const systemResolveAll: ResolveAll = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true } as LookupAllOptions, (err, addresses) => (err ? reject(err) : resolve(addresses))));

/** The host of a URL as an address or name (IPv6 literals lose their brackets). */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

export class ResolvingTargetPolicy implements WebhookTargetPolicy {
  constructor(
    private readonly allowPrivate: boolean,
    private readonly resolveAll: ResolveAll = systemResolveAll,
  ) {}

  async assertAllowed(url: URL, field: string): Promise<void> {
    if (this.allowPrivate) return;
    const host = hostOf(url);
    let addresses: string[];
    if (isIP(host)) addresses = [host];
    else {
      try {
        addresses = (await this.resolveAll(host)).map((a) => a.address);
      } catch {
        throw invalidArgument(field, `the host "${host}" does not resolve`);
      }
    }
    if (addresses.length === 0) throw invalidArgument(field, `the host "${host}" does not resolve`);
    for (const address of addresses) {
      const why = nonPublicReason(address);
      if (why) throw invalidArgument(field, `the host "${host}" resolves to ${address} (${why}); webhooks go to public addresses only (WEBHOOK_ALLOW_PRIVATE=true allows others)`);
    }
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http(s).request that refuses non-public addresses (unless allowed). */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true } as LookupAllOptions, (err, addresses) => {
      if (err) return callback(err, '');
      const list = addresses as LookupAddress[];
      const bad = allowPrivate ? undefined : list.find((a) => nonPublicReason(a.address));
      if (bad) {
        const error: NodeJS.ErrnoException = new Error(`refused: ${hostname} resolves to ${bad.address} (${nonPublicReason(bad.address)})`);
        error.code = 'EWEBHOOKTARGET';
        return callback(error, '');
      }
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' }), '');
      callback(null, first.address, first.family);
    });
  };
}
