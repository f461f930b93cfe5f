// The one markdown table `npm run bench` prints (and docs/benchmarks.md carries).
import type { Check, ScenarioRow } from './scenarios';
import { fmt } from './stats';

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  os: string;
  store: string;
  loadAverageBefore: number[];
  loadAverageAfter?: number[];
  commit: string;
  date: string;
}

const cell = (v: string) => v.replace(/\|/g, '\\|');

export function formatTable(rows: ScenarioRow[], machine: Machine): string {
  const lines = [
    `Machine: ${machine.cpu}, ${machine.cores} cores; Node ${machine.node}; ${machine.os}; store ${machine.store}; ` +
      `load average before ${machine.loadAverageBefore.map((l) => l.toFixed(2)).join(' ')}` +
      (machine.loadAverageAfter ? `, after ${machine.loadAverageAfter.map((l) => l.toFixed(2)).join(' ')}` : '') +
      `; ${machine.commit}; ${machine.date}`,
    '',
    '| scenario | conns | req/s | req/s ÷ baseline | p50 ms | p99 ms | p99 ÷ baseline p99 | target | met | result |',
    '|---|---:|---:|---:|---:|---:|---:|---|:-:|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${cell(r.scenario)} | ${r.connections ?? '—'} | ${fmt(r.reqPerSec)} | ${fmt(r.reqPerSecRatio, 2)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${fmt(r.p99Ratio, 1)} | ${cell(r.target)} | ${r.met === null ? '' : r.met ? '✓' : '✗'} | ${cell(r.result)} |`,
    );
  }
  return lines.join('\n');
}

export function formatChecks(checks: Check[]): string {
  return checks.map((c) => `${c.ok ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`).join('\n');
}
