// GET /widget/: the built bundle and the demo page, or 503 until `npm run build:widget` ran.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { WIDGET_DIST, widgetRouter } from '../../src/http/widget.route';

async function serve(distDir: string): Promise<{ base: string; server: Server }> {
  const app = express();
  app.use('/widget', widgetRouter(distDir));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/widget`, server };
}

describe('/widget route', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'widget-dist-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves the dist folder at the repository root', () => {
    expect(WIDGET_DIST).toBe(path.resolve(__dirname, '../../widget/dist'));
  });

  it('serves the bundle as JavaScript and the demo page at /widget/ and /widget/index.html', async () => {
    writeFileSync(path.join(dir, 'booking-widget.js'), 'export const ok = 1;\n');
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>demo</title>\n');
    const { base, server } = await serve(dir);
    try {
      const js = await fetch(`${base}/booking-widget.js`);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
      // Public and meant for other sites: a module script is fetched in CORS mode.
      expect(js.headers.get('access-control-allow-origin')).toBe('*');
      expect(js.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(await js.text()).toBe('export const ok = 1;\n');
      for (const page of ['/', '/index.html']) {
        const html = await fetch(`${base}${page}`);
        expect({ page, status: html.status, type: html.headers.get('content-type') }).toEqual({ page, status: 200, type: 'text/html; charset=utf-8' });
        expect(await html.text()).toContain('<title>demo</title>');
      }
      expect((await fetch(`${base}/../package.json`)).status).toBe(404);
      expect((await fetch(`${base}/other.js`)).status).toBe(404);
    } finally {
      server.close();
    }
  });

  it('answers 503 with a one-line hint while the bundle is missing', async () => {
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html>\n'); // a page without a bundle is no use
    const { base, server } = await serve(dir);
    try {
      for (const file of ['/booking-widget.js', '/', '/index.html']) {
        const res = await fetch(`${base}${file}`);
        const body = await res.text();
        expect({ file, status: res.status }).toEqual({ file, status: 503 });
        expect(body).toMatch(/npm run build:widget/);
        expect(body.trim().split('\n')).toHaveLength(1);
      }
    } finally {
      server.close();
    }
  });
});
