// Events (issue 14): what the outbox costs createBooking (fresh twin gateways with EVENTS on and off,
// seeded alike, driven alternately), and how long a committed event takes to reach a webhook receiver
// on 127.0.0.1 at 500 bookings per second (the receiver's arrival time minus the event's timestamp,
// which the gateway takes inside the unit, just before its commit).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AUTH_HEADERS, launchGateway, type Entry, type GatewayProcess } from './gateway-process';
import { GqlClient } from './gql';
import { runLoad, type LoadResult } from './load';
import { Q, measuredRow, parseJsonOrNull, person, seedMerchant, seedSlots, slotInput, type Baselines, type Check, type Durations, type ScenarioRow } from './scenarios';
import { median, ratio, round, summarise } from './stats';

const MERCHANT = 'bench-events';
const SLOTS = 200;
const SPOTS = 100_000;
const RATE = 500;

async function seeded(gw: GatewayProcess, startSec: number): Promise<void> {
  const gql = new GqlClient(gw.url, AUTH_HEADERS);
  await seedMerchant(gql, MERCHANT, ['big']);
  await seedSlots(gql, MERCHANT, Array.from({ length: SLOTS }, (_, i) => ({ serviceId: 'big', startSec: startSec + i * 3600, durationSec: 3600, spotsTotal: SPOTS })));
}

/** createBooking requests on distinct users and tokens, spread over the slots: every one succeeds. */
function bookings(prefix: string, startSec: number, counts: { ok: number; bad: number; example: string }) {
  return {
    next: (i: number) => ({
      body: JSON.stringify({
        query: Q.createBooking,
        variables: { input: { slot: slotInput(MERCHANT, 'big', startSec + (i % SLOTS) * 3600, 3600), userInformation: person(`${prefix}-u${i}`), idempotencyToken: `${prefix}-${i}` } },
      }),
    }),
    onResponse: (status: number, text: string) => {
      if (status === 200 && parseJsonOrNull(text)?.data?.createBooking?.booking) counts.ok++;
      else {
        counts.bad++;
        counts.example ||= `HTTP ${status}: ${text.slice(0, 200)}`;
      }
    },
  };
}

async function outboxCost(entry: Entry, storeEnv: (label: string) => Record<string, string | undefined>, b: Baselines, d: Durations, checks: Check[], startSec: number): Promise<ScenarioRow> {
  const twins: GatewayProcess[] = [];
  const counts = { ok: 0, bad: 0, example: '' };
  try {
    for (const events of ['true', 'false']) {
      const gw = await launchGateway({ label: `events-${events === 'true' ? 'on' : 'off'}`, entry, env: { ...storeEnv(`events-${events}`), EVENTS: events, LOG_LEVEL: 'warn' } });
      twins.push(gw);
      await seeded(gw, startSec);
    }
    const sec = Math.max(2, Math.round(d.measureSec * 0.5));
    const rates = new Map<GatewayProcess, number[]>(twins.map((gw) => [gw, []]));
    let round = 0;
    for (let i = 0; i < 3; i++) {
      for (const gw of twins) {
        const load = bookings(`${gw.label}-${round++}`, startSec, counts);
        const r = await runLoad({ label: `createBooking ${gw.label}`, url: gw.url, headers: AUTH_HEADERS, connections: 20, durationSec: i === 0 ? 1 : sec, maxSec: sec + 10, ...load });
        if (i > 0) rates.get(gw)!.push(r.reqPerSec); // the first round warms both up
      }
    }
    const [on, off] = twins.map((gw) => median(rates.get(gw)!));
    checks.push({ name: 'events on/off: every createBooking succeeded', ok: counts.bad === 0 && counts.ok > 0, detail: counts.bad ? `${counts.bad} failed, e.g. ${counts.example}` : `${counts.ok} bookings` });
    const cost = ratio(on, off);
    return measuredRow({
      id: 'events-outbox',
      scenario: 'createBooking, outbox on vs off (EVENTS=true / false, twin gateways, 20 connections)',
      target: 'reported',
      met: null,
      result: `on ${on.toLocaleString('en-US')} vs off ${off.toLocaleString('en-US')} req/s: ${cost} × (median of 2 alternating runs each; runs on ${rates.get(twins[0])!.join(', ')}, off ${rates.get(twins[1])!.join(', ')})`,
      details: { on: rates.get(twins[0]), off: rates.get(twins[1]), baselineReqPerSec: b.many.reqPerSec },
    });
  } finally {
    for (const gw of twins) await gw.stop();
  }
}

async function deliveryLatency(entry: Entry, storeEnv: (label: string) => Record<string, string | undefined>, d: Durations, checks: Check[], startSec: number): Promise<ScenarioRow> {
  const arrivals: number[] = [];
  const ids = new Set<string>();
  const receiver = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const at = Date.now();
      const event = parseJsonOrNull(text);
      if (event?.type === 'booking.created' && !ids.has(String(req.headers['webhook-id']))) {
        ids.add(String(req.headers['webhook-id']));
        arrivals.push(at - Date.parse(event.timestamp));
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  const gw = await launchGateway({ label: 'events-latency', entry, env: { ...storeEnv('events-latency'), WEBHOOK_ALLOW_PRIVATE: 'true', LOG_LEVEL: 'warn' } });
  const counts = { ok: 0, bad: 0, example: '' };
  try {
    await seeded(gw, startSec);
    const gql = new GqlClient(gw.url, AUTH_HEADERS);
    await gql.ok('mutation($u: String!) { createWebhookSubscription(input: { url: $u, eventTypes: ["booking.created"] }) { webhookSubscription { id } } }', { u: url });
    const sec = Math.max(3, d.latencySec);
    const load: LoadResult = await runLoad({ label: `createBooking at ${RATE}/s`, url: gw.url, headers: AUTH_HEADERS, connections: 20, durationSec: sec, maxSec: sec + 10, overallRate: RATE, ...bookings('lat', startSec, counts) });
    // Requests still in flight when the load stopped may have committed unanswered: their events come too.
    const until = Date.now() + 30_000;
    while (arrivals.length < counts.ok && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500));
    const latency = summarise(arrivals);
    const ok = counts.bad === 0 && counts.ok > 0 && arrivals.length >= counts.ok && arrivals.length <= counts.ok + 20;
    checks.push({ name: 'events latency: every booking’s event delivered', ok, detail: `${arrivals.length} distinct events for ${counts.ok} acknowledged bookings (the load's last ${20} connections may have committed unanswered)${counts.bad ? `; ${counts.bad} bookings failed, e.g. ${counts.example}` : ''}` });
    return measuredRow({
      id: 'events-latency',
      scenario: `webhook delivery, commit → receiver, createBooking at ${RATE}/s (one subscription, receiver on 127.0.0.1)`,
      target: 'reported',
      met: null,
      result: `p50 ${round(latency.p50, 1)} ms, p99 ${round(latency.p99, 1)} ms, max ${round(latency.max, 1)} ms over ${arrivals.length} events at ${load.reqPerSec.toLocaleString('en-US')} bookings/s`,
      details: { latency, load },
    });
  } finally {
    await gw.stop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
}

export async function eventsRows(entry: Entry, storeEnv: (label: string) => Record<string, string | undefined>, b: Baselines, d: Durations, checks: Check[]): Promise<ScenarioRow[]> {
  const startSec = Math.floor(Date.now() / 1000) + 30 * 86_400;
  return [await outboxCost(entry, storeEnv, b, d, checks, startSec), await deliveryLatency(entry, storeEnv, d, checks, startSec)];
}
