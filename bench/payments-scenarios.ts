// Payments (issue 15): what charging costs createBooking. One gateway with PAYMENT_PROCESSOR=sandbox
// (the charge itself is in process, so what is measured is the gateway's own work: the hold, the job,
// the second unit of work), driven alternately with bookings that send a payment token and bookings
// that do not, on the same priced service.
import { AUTH_HEADERS, launchGateway, type Entry } from './gateway-process';
import { GqlClient } from './gql';
import { runLoad } from './load';
import { Q, measuredRow, parseJsonOrNull, person, seedMerchant, seedSlots, slotInput, type Baselines, type Check, type Durations, type ScenarioRow } from './scenarios';
import { median, ratio } from './stats';

const MERCHANT = 'bench-payments';
const SLOTS = 200;
const SPOTS = 100_000;

export async function paymentsRows(entry: Entry, storeEnv: (label: string) => Record<string, string | undefined>, b: Baselines, d: Durations, checks: Check[]): Promise<ScenarioRow[]> {
  const startSec = Math.floor(Date.now() / 1000) + 30 * 86_400;
  const gw = await launchGateway({ label: 'payments-sandbox', entry, env: { ...storeEnv('payments'), PAYMENT_PROCESSOR: 'sandbox', LOG_LEVEL: 'warn' } });
  const counts = { ok: 0, bad: 0, unpaid: 0, example: '' };
  try {
    const gql = new GqlClient(gw.url, AUTH_HEADERS);
    await seedMerchant(gql, MERCHANT, ['paid']);
    await seedSlots(gql, MERCHANT, Array.from({ length: SLOTS }, (_, i) => ({ serviceId: 'paid', startSec: startSec + i * 3600, durationSec: 3600, spotsTotal: SPOTS })));
    const load = (prefix: string, paid: boolean) => ({
      next: (i: number) => ({
        body: JSON.stringify({
          query: Q.createBooking,
          variables: {
            input: {
              slot: slotInput(MERCHANT, 'paid', startSec + (i % SLOTS) * 3600, 3600),
              userInformation: person(`${prefix}-u${i}`),
              idempotencyToken: `${prefix}-${i}`,
              ...(paid && { paymentInformation: { paymentProcessedBy: 'PROCESSED_BY_PARTNER' }, paymentProcessingParameters: { unparsedPaymentMethodToken: 'tok_visa' } }),
            },
          },
        }),
      }),
      onResponse: (status: number, text: string) => {
        const booking = parseJsonOrNull(text)?.data?.createBooking?.booking;
        if (status === 200 && booking) counts.ok++;
        else {
          counts.bad++;
          counts.example ||= `HTTP ${status}: ${text.slice(0, 200)}`;
        }
      },
    });
    const sec = Math.max(2, Math.round(d.measureSec * 0.5));
    const rates = { paid: [] as number[], unpaid: [] as number[] };
    for (let i = 0; i < 3; i++) {
      for (const paid of [true, false]) {
        const r = await runLoad({ label: `createBooking ${paid ? 'with' : 'without'} prepayment`, url: gw.url, headers: AUTH_HEADERS, connections: 20, durationSec: i === 0 ? 1 : sec, maxSec: sec + 10, ...load(`${paid ? 'paid' : 'unpaid'}-${i}`, paid) });
        if (i > 0) rates[paid ? 'paid' : 'unpaid'].push(r.reqPerSec); // the first round warms up
      }
    }
    // The charged bookings say so: a sample read back must be PREPAYMENT_PROVIDED.
    const sample = await gql.ok(`query($u: ID!) { bookings(userId: $u) { paymentInformation { prepaymentStatus } } }`, { u: 'paid-1-u0' });
    const provided = (sample as { bookings: Array<{ paymentInformation: { prepaymentStatus: string } }> }).bookings[0]?.paymentInformation.prepaymentStatus;
    checks.push({ name: 'payments: every createBooking succeeded, and a paid one is PREPAYMENT_PROVIDED', ok: counts.bad === 0 && counts.ok > 0 && provided === 'PREPAYMENT_PROVIDED', detail: counts.bad ? `${counts.bad} failed, e.g. ${counts.example}` : `${counts.ok} bookings; sample ${provided}` });
    const [paid, unpaid] = [median(rates.paid), median(rates.unpaid)];
    return [
      measuredRow({
        id: 'payments-sandbox',
        scenario: 'createBooking with sandbox prepayment vs without (PAYMENT_PROCESSOR=sandbox, one gateway, 20 connections)',
        target: 'reported',
        met: null,
        result: `with ${paid.toLocaleString('en-US')} vs without ${unpaid.toLocaleString('en-US')} req/s: ${ratio(paid, unpaid)} × (median of 2 alternating runs each; with ${rates.paid.join(', ')}, without ${rates.unpaid.join(', ')})`,
        details: { paid: rates.paid, unpaid: rates.unpaid, baselineReqPerSec: b.many.reqPerSec },
      }),
    ];
  } finally {
    await gw.stop();
  }
}
