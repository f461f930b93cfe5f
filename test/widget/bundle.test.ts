// `node widget/build.mjs`: one minified ES module within the 40 KB gzipped budget, a demo page, and
// a failing build above the budget. Also type-checks the widget for the browser (widget/tsconfig.json),
// since the root type-check only sees its DOM-free modules.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(__dirname, '../..');
const BUDGET = 40 * 1024;

function build(...args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, 'widget/build.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

describe('widget bundle', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(path.join(tmpdir(), 'widget-build-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('builds one minified ES module of at most 40 KB gzipped, and prints its size', () => {
    const result = build(`--outdir=${out}`);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    const code = readFileSync(path.join(out, 'booking-widget.js'));
    const gzipped = gzipSync(code, { level: 9 }).length;
    expect(gzipped).toBeLessThanOrEqual(BUDGET);
    expect(result.stdout).toContain(`(${gzipped} bytes; budget 40.0 KB)`);
    const text = code.toString('utf8');
    expect(text).toContain('customElements.define("booking-widget"');
    expect(text).not.toContain('browserUserId'); // minified: local names are mangled
    expect(text).not.toMatch(/\brequire\(/); // browser ESM, no CommonJS leftovers
  });

  it('writes the demo page: the two-line embed for demo-salon against the same origin', () => {
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).toContain('<script type="module" src="/widget/booking-widget.js"></script>');
    expect(html).toContain('<booking-widget merchant-id="demo-salon" endpoint="/graphql"></booking-widget>');
  });

  it('fails above the budget and leaves no bundle behind', () => {
    const over = mkdtempSync(path.join(tmpdir(), 'widget-over-'));
    try {
      const result = build(`--outdir=${over}`, '--budget=1000');
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/over its size budget: \d+ bytes gzipped > 1000 bytes/);
      expect(existsSync(path.join(over, 'booking-widget.js'))).toBe(false);
    } finally {
      rmSync(over, { recursive: true, force: true });
    }
  });

  it('type-checks for the browser (widget/tsconfig.json: DOM, no Node types)', () => {
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'widget/tsconfig.json')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect({ status: tsc.status, output: tsc.stdout + tsc.stderr }).toEqual({ status: 0, output: '' });
  });
});
