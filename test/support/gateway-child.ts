// A gateway process for crash and shutdown tests: the real `npm start` path (src/main.ts), with
// every unit of work delayed by STORE_DELAY_MS before it starts, the way a networked store's round
// trips keep requests in flight. Run with ts-node; configured by the same environment as main.
import { main } from '../../src/main';
import { delegatingStore } from '../../src/store/delegating-store';

const delayMs = Number(process.env.STORE_DELAY_MS ?? 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

main({
  decorateStore: (store) =>
    delayMs > 0 ? delegatingStore(store, { unitOfWork: async (work) => (await sleep(delayMs), store.unitOfWork(work)) }) : store,
}).catch((error) => {
  console.error(error);
  process.exit(1);
});
