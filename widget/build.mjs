#!/usr/bin/env node
// Builds the embeddable booking widget:
//   widget/dist/booking-widget.js  one minified ES module (esbuild)
//   widget/dist/index.html         the demo page: the two-line embed for the demo merchant
// and fails (exit 1) when the bundle is over its gzipped size budget.
//
//   node widget/build.mjs [--outdir=DIR] [--budget=BYTES]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const esbuild = require('esbuild');

const here = dirname(fileURLToPath(import.meta.url));
export const BUDGET_BYTES = 40 * 1024;

const DEMO_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Booking widget demo: Demo Salon &amp; Studio</title>
  <style>
    body { margin: 0; padding: 1rem; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #eef1f6; color: #1b1f29; }
    main { max-width: 44rem; margin: 0 auto; }
    h1 { font-size: 1.4rem; }
    pre { background: #fff; border: 1px solid #cfd5df; border-radius: 8px; padding: .75rem; white-space: pre-wrap; overflow-wrap: anywhere; font-size: .85rem; }
    details { margin: 0 0 1rem; }
  </style>
</head>
<body>
  <main>
    <h1>Demo Salon &amp; Studio</h1>
    <p>This page embeds the booking widget with two lines of HTML:</p>
    <pre><code>&lt;script type="module" src="/widget/booking-widget.js"&gt;&lt;/script&gt;
&lt;booking-widget merchant-id="demo-salon" endpoint="/graphql"&gt;&lt;/booking-widget&gt;</code></pre>
    <details>
      <summary>On another site</summary>
      <p>Use the gateway's full address in both, and add that site's origin to <code>CORS_ORIGINS</code>; with API keys
        configured, add <code>api-key="wk_…"</code> (a widget key). <code>locale="de-CH"</code> picks the language
        (en, de, fr, it, ar, he) and the time format.</p>
    </details>
    <script type="module" src="/widget/booking-widget.js"></script>
    <booking-widget merchant-id="demo-salon" endpoint="/graphql"></booking-widget>
  </main>
</body>
</html>
`;

/** Builds into `outdir`; returns the sizes. Throws when esbuild fails. */
export async function buildWidget({ outdir = join(here, 'dist'), budget = BUDGET_BYTES } = {}) {
  mkdirSync(outdir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: [join(here, 'src/index.ts')],
    bundle: true,
    format: 'esm',
    minify: true,
    // The Arabic and Hebrew catalogs as raw UTF-8 (the route serves charset=utf-8): a third smaller than \u escapes.
    charset: 'utf8',
    target: ['es2020', 'chrome90', 'firefox90', 'safari15'],
    platform: 'browser',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  writeFileSync(join(outdir, 'booking-widget.js'), code);
  writeFileSync(join(outdir, 'index.html'), DEMO_PAGE);
  const gzipped = gzipSync(code, { level: 9 }).length;
  return { bytes: code.length, gzipped, budget, withinBudget: gzipped <= budget, outdir };
}

function arg(name) {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit && hit.slice(name.length + 3);
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const outdir = arg('outdir') ? resolve(arg('outdir')) : undefined;
  const budget = arg('budget') ? Number(arg('budget')) : BUDGET_BYTES;
  try {
    const { bytes, gzipped, withinBudget, outdir: dir } = await buildWidget({ outdir, budget });
    const file = join(dir, 'booking-widget.js');
    const where = file.startsWith(process.cwd()) ? relative(process.cwd(), file) : file;
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    console.log(`${where}: ${kb(bytes)} minified, ${kb(gzipped)} gzipped (${gzipped} bytes; budget ${kb(budget)})`);
    if (!withinBudget) {
      // Nothing over budget is left behind to be served.
      rmSync(file, { force: true });
      console.error(`booking widget is over its size budget: ${gzipped} bytes gzipped > ${budget} bytes; ${where} removed`);
      process.exit(1);
    }
  } catch (error) {
    for (const e of error.errors ?? []) console.error(`${e.location?.file ?? ''}:${e.location?.line ?? ''} ${e.text}`);
    if (!error.errors) console.error(error);
    process.exit(1);
  }
}
