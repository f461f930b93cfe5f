// The Booking Server face (issue 13): /v3/CheckAvailability req/s as ratios to the same run's GraphQL
// checkAvailability and to a bare Node HTTP server answering a fixed JSON body (the physical limit
// here), and /v3/BatchAvailabilityLookup p99 with 100 and 1,000 slot times (Google's limit: 1.5 s).
import path from 'node:path';
import { BASIC_HEADERS, launchGateway } from './gateway-process';
import { runLoad, type LoadResult } from './load';
import { MAIN, measured, row, type Baselines, type Check, type Durations, type MainInventory, type ScenarioRow } from './scenarios';
import { ratio } from './stats';

const restSlot = (s: MainInventory['hotSlot']) => ({ merchant_id: s.merchantId, service_id: s.serviceId, start_sec: String(s.startSec), duration_sec: String(s.durationSec) });

function strict(label: string, checks: Check[]) {
  const seen = { bad: 0, example: '' };
  return {
    onResponse: (status: number, text: string) => {
      if (status === 200 && !text.includes('"error"')) return;
      seen.bad++;
      seen.example ||= `HTTP ${status}: ${text.slice(0, 200)}`;
    },
    done: (detail: string) => checks.push({ name: `${label} answers`, ok: seen.bad === 0, detail: seen.bad ? `${seen.bad} bad, e.g. ${seen.example}` : detail }),
  };
}

/** req/s of a bare Node HTTP server answering a fixed JSON body, measured like the gateway (10 connections). */
async function bareJsonServer(d: Durations): Promise<LoadResult> {
  const bare = await launchGateway({ label: 'bare json server', entry: { kind: 'script', file: path.join(__dirname, 'bare-json-server.cjs') } });
  try {
    return await measured({ label: 'bare JSON server', url: bare.base, headers: {}, connections: 10, durationSec: d.measureSec, maxSec: d.measureSec + 5, body: '{}' }, d);
  } finally {
    await bare.stop();
  }
}

/** /v3/CheckAvailability on the hot slot, 10 connections; every answer must be a 200 without an error. */
export async function measureRestCheck(base: string, inv: MainInventory, d: Durations, checks: Check[]): Promise<LoadResult> {
  const check = strict('REST CheckAvailability', checks);
  const r = await measured(
    {
      label: 'REST CheckAvailability',
      url: `${base}/v3/CheckAvailability`,
      headers: BASIC_HEADERS,
      connections: 10,
      durationSec: d.measureSec,
      maxSec: d.measureSec + 5,
      body: JSON.stringify({ slot: restSlot(inv.hotSlot) }),
      onResponse: check.onResponse,
    },
    d,
  );
  check.done('all 200 without an error body');
  return r;
}

export async function restRows(base: string, inv: MainInventory, b: Baselines, graphqlCheck: ScenarioRow, d: Durations, checks: Check[]): Promise<ScenarioRow[]> {
  const url = (rpc: string) => `${base}/v3/${rpc}`;
  const r = await measureRestCheck(base, inv, d, checks);
  const bare = await bareJsonServer(d);
  const vsGraphql = ratio(r.reqPerSec, graphqlCheck.reqPerSec ?? NaN);
  const vsBare = ratio(r.reqPerSec, bare.reqPerSec);
  const rows: ScenarioRow[] = [
    row('rest-check', 'REST /v3/CheckAvailability, one hot slot', r, b.many, '≥ 3 × GraphQL checkAvailability, ≥ 0.25 × bare server (reported)', vsGraphql >= 3 && vsBare >= 0.25,
      `${vsGraphql} × GraphQL checkAvailability (${graphqlCheck.reqPerSec?.toLocaleString('en-US')} req/s); ${vsBare} × a bare Node server's fixed JSON (${bare.reqPerSec.toLocaleString('en-US')} req/s)`,
      { bare }),
  ];
  for (const size of [100, 1000]) {
    const lookup = strict(`REST BatchAvailabilityLookup ×${size}`, checks);
    let available = -1;
    const slotTime = inv.gridStarts.slice(0, size).map((startSec) => ({ service_id: 'grid', start_sec: String(startSec), duration_sec: '1800' }));
    const res = await runLoad({
      label: `REST BatchAvailabilityLookup ×${size}`,
      url: url('BatchAvailabilityLookup'),
      headers: BASIC_HEADERS,
      connections: 1,
      durationSec: d.latencySec,
      maxSec: d.latencySec + 10,
      body: JSON.stringify({ merchant_id: MAIN, slot_time: slotTime }),
      onResponse: (status, text) => {
        lookup.onResponse(status, text);
        if (available < 0 && status === 200) available = (text.match(/"available":true/g) ?? []).length;
      },
    });
    lookup.done(`${available} of ${size} available`);
    rows.push(row(`rest-batch${size}`, `REST /v3/BatchAvailabilityLookup, ${size.toLocaleString('en-US')} slot times`, res, b.one, 'p99 < 1,500 ms (Google’s limit)', res.latency.p99 < 1500, `p99 ${res.latency.p99} ms`));
  }
  return rows;
}
