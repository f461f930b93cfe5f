// Summarises a V8 .cpuprofile (node --cpu-prof): the top frames by self time, and self time per
// package/source area. Used by `npm run bench -- --profile` and by hand:
//   npx ts-node --transpile-only bench/profile-summary.ts <file.cpuprofile> [top]
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FrameRow {
  frame: string;
  selfMs: number;
  selfPct: number;
}

export interface ProfileSummary {
  totalMs: number;
  idlePct: number;
  gcPct: number;
  frames: FrameRow[];
  areas: FrameRow[];
}

const ROOT = path.resolve(__dirname, '..');

function shortUrl(url: string): string {
  if (!url) return '';
  const file = url.startsWith('file://') ? url.slice(7) : url;
  // The bench's compiled copy of src/ (build.ts): shown as src/...js (line numbers of the compiled file)
  const built = /node_modules\/\.cache\/booking-gateway-bench\/[^/]+\/(src\/.*)$/.exec(file);
  if (built) return built[1];
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) return file.slice(nm + 'node_modules/'.length);
  return file.startsWith(ROOT) ? path.relative(ROOT, file) : file;
}

/** Where a frame's code lives: a package name, a src/ folder, or node's internals. */
function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const short = shortUrl(url);
  if (short.startsWith('node:')) return 'node:' + short.slice(5).split('/')[0];
  if (short.startsWith('src/')) return short.split('/').slice(0, 2).join('/');
  if (url.includes('node_modules/')) {
    const parts = short.split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const parts = short.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : short;
}

export function summariseProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = profile.endTime - profile.startTime;
  const frames = new Map<string, number>();
  const areas = new Map<string, number>();
  let idle = 0;
  let gc = 0;
  for (const [id, us] of selfUs) {
    const { callFrame: f } = byId.get(id)!;
    if (f.functionName === '(idle)' || f.functionName === '(program)') idle += f.functionName === '(idle)' ? us : 0;
    if (f.functionName === '(garbage collector)') gc += us;
    const name = `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`.trim();
    frames.set(name, (frames.get(name) ?? 0) + us);
    const area = areaOf(f.url, f.functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const busy = total - idle;
  const rows = (m: Map<string, number>) =>
    [...m]
      .filter(([k]) => k !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([frame, us]) => ({ frame, selfMs: Math.round(us / 100) / 10, selfPct: Math.round((us / busy) * 1000) / 10 }));
  return {
    totalMs: Math.round(total / 1000),
    idlePct: Math.round((idle / total) * 1000) / 10,
    gcPct: Math.round((gc / busy) * 1000) / 10,
    frames: rows(frames),
    areas: rows(areas),
  };
}

export function formatSummary(title: string, s: ProfileSummary): string {
  const lines = [
    `### ${title}`,
    '',
    `${s.totalMs} ms profiled, ${s.idlePct}% idle; percentages are of busy (non-idle) time; GC ${s.gcPct}%.`,
    '',
    '| self % | self ms | frame |',
    '|---:|---:|---|',
    ...s.frames.map((r) => `| ${r.selfPct} | ${r.selfMs} | \`${r.frame}\` |`),
    '',
    '| self % | area |',
    '|---:|---|',
    ...s.areas.map((r) => `| ${r.selfPct} | ${r.frame} |`),
    '',
  ];
  return lines.join('\n');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: ts-node --transpile-only bench/profile-summary.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(formatSummary(path.basename(file), summariseProfile(file, Number(top) || 15)));
}
