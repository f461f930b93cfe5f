// Live availability for the widget: one graphql-ws subscription (slotAvailabilityChanged) for the
// merchant, through the `graphql-ws` client (a maintained implementation of the protocol). When the
// socket cannot connect (an older gateway, a proxy without WebSocket, events off) the widget simply
// stays as it was without it: the list is read when the visitor acts, and a taken slot is reported
// when it is chosen.
import { createClient } from 'graphql-ws';

export interface AvailabilityChange {
  serviceId: string;
  startSec: number;
}

const SUBSCRIPTION = `subscription Live($merchantId: ID!) {
  slotAvailabilityChanged(merchantId: $merchantId) { slot { serviceId startSec } }
}`;

/** The WebSocket URL of a GraphQL HTTP endpoint (same host and path; ws: or wss:). */
export function socketUrl(endpoint: string): string {
  const url = new URL(endpoint);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/** Watches a merchant's availability until the returned function is called. */
export function watchAvailability(options: {
  endpoint: string;
  apiKey: string | null;
  merchantId: string;
  onChange: (change: AvailabilityChange) => void;
}): () => void {
  if (typeof WebSocket !== 'function') return () => undefined;
  const client = createClient({
    url: socketUrl(options.endpoint),
    connectionParams: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
    lazy: true,
    // A few reconnects with the library's backoff (a gateway restart); then the widget goes on without.
    retryAttempts: 5,
  });
  const stop = client.subscribe<{ slotAvailabilityChanged: { slot: AvailabilityChange } }>(
    { query: SUBSCRIPTION, variables: { merchantId: options.merchantId } },
    {
      next: (result) => {
        const slot = result.data?.slotAvailabilityChanged.slot;
        if (slot) options.onChange({ serviceId: slot.serviceId, startSec: Number(slot.startSec) });
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
  return () => {
    stop();
    void client.dispose();
  };
}
