// What the metrics cost per request, measured in-process without HTTP (the end-to-end A/B in the
// bench is within the noise of a shared 2-core machine). Prints JSON:
//   pluginUsPerRequest   the Apollo plugin's hooks for one query (requestDidStart → willSendResponse),
//                        Apollo's dispatch of them included
//   pluginWorkUsPerRequest  the same minus a plugin with empty hooks: what metrics.ts itself does
//   storeUsPerCall       a store read through wrapStore minus the same read on the bare store
//   scrapeMs             one GET /metrics worth of formatting (registry.metrics())
// Run: npx ts-node --transpile-only bench/metrics-overhead.ts
import 'reflect-metadata';
import { parse, type OperationDefinitionNode } from 'graphql';
import { createMetrics } from '../src/http/metrics';
import { SqliteStore } from '../src/store/sqlite/sqlite.store';
import type { InventorySlot } from '../src/domain/records';
import { ConfirmationMode } from '../src/domain/enums';
import { round } from './stats';

async function timeIt(n: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  // Best of 5 rounds, in µs per call: the least disturbed by other processes.
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    for (let i = 0; i < n; i++) await fn();
    best = Math.min(best, ((performance.now() - started) * 1000) / n);
  }
  return best;
}

async function main() {
  const metrics = createMetrics();
  const document = parse('query Check($slot: SlotInput!) { checkAvailability(slot: $slot) { countAvailable } }');
  const operation = document.definitions[0] as OperationDefinitionNode;
  const contextValue = {};
  const response = { body: { kind: 'single', singleResult: { data: { checkAvailability: { countAvailable: 1 } } } }, http: {} };
  const hooks = metrics.plugin.requestDidStart!;
  const request = async () => {
    const listener = (await hooks({ contextValue } as never))!;
    await listener.didResolveOperation?.({ operation, document, contextValue } as never);
    await listener.willSendResponse?.({ operation, document, response } as never);
  };
  const emptyPlugin = {
    async requestDidStart() {
      return { async didResolveOperation() {}, async willSendResponse() {} };
    },
  };
  const emptyRequest = async () => {
    const listener = await emptyPlugin.requestDidStart();
    await listener.didResolveOperation();
    await listener.willSendResponse();
  };

  const store = SqliteStore.inMemory();
  const slot: InventorySlot = {
    merchantId: 'm',
    serviceId: 's',
    startSec: 2_000_000_000,
    durationSec: 1800,
    staffId: '',
    roomId: '',
    spotsTotal: 5,
    availabilityTag: null,
    confirmationMode: ConfirmationMode.CONFIRMATION_MODE_UNSPECIFIED,
    staffName: null,
    roomName: null,
  };
  await store.unitOfWork((tx) => tx.upsertSlots([slot]));
  const wrapped = metrics.wrapStore(store);
  const keys = [{ merchantId: 'm', serviceId: 's', startSec: slot.startSec, durationSec: 1800, staffId: '', roomId: '' }];

  const n = 50_000;
  await timeIt(n, request); // warm-up
  const pluginTotal = await timeIt(n, request);
  const plugin = pluginTotal - (await timeIt(n, emptyRequest));
  await timeIt(n, () => wrapped.reader.getSlotStates(keys, 0));
  const bare = await timeIt(n, () => store.reader.getSlotStates(keys, 0));
  const timed = await timeIt(n, () => wrapped.reader.getSlotStates(keys, 0));
  const scrapeStarted = performance.now();
  for (let i = 0; i < 20; i++) await metrics.registry.metrics();
  const scrapeMs = (performance.now() - scrapeStarted) / 20;
  process.stdout.write(
    JSON.stringify({ pluginUsPerRequest: round(pluginTotal, 3), pluginWorkUsPerRequest: round(plugin, 3), storeUsPerCall: round(timed - bare, 3), bareStoreUsPerCall: round(bare, 3), scrapeMs: round(scrapeMs, 2) }) + '\n',
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
