// Serves the embeddable booking widget: the built bundle and a demo page, under /widget/.
// The files come from `npm run build:widget` (widget/build.mjs); until then every route answers 503.
// The bundle is public and meant for other sites' pages: a module script is fetched in CORS mode, so
// without Access-Control-Allow-Origin the browser refuses it on any other origin (the page stays blank).
// It carries no credentials and no per-user content, so `*` is right; the API calls it makes are
// governed separately by CORS_ORIGINS.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Router, type Response } from 'express';

/** widget/dist at the repository root (this file runs from src/http via ts-node). */
export const WIDGET_DIST = path.resolve(__dirname, '../../widget/dist');

const NOT_BUILT = 'The booking widget is not built: run `npm run build:widget`.\n';

export function widgetRouter(distDir: string = WIDGET_DIST): Router {
  const router = Router();

  const send = (res: Response, file: string, contentType: string) => {
    const full = path.join(distDir, file);
    // Checked per request, so building while the gateway runs is enough.
    if (!existsSync(path.join(distDir, 'booking-widget.js')) || !existsSync(full)) {
      res.status(503).type('text/plain').set('cache-control', 'no-store').send(NOT_BUILT);
      return;
    }
    res.sendFile(full, {
      headers: {
        'content-type': contentType,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        'access-control-allow-origin': '*',
        'cross-origin-resource-policy': 'cross-origin',
        'timing-allow-origin': '*',
      },
      dotfiles: 'deny',
    });
  };

  router.get('/booking-widget.js', (_req, res) => send(res, 'booking-widget.js', 'text/javascript; charset=utf-8'));
  router.get(['/', '/index.html'], (_req, res) => send(res, 'index.html', 'text/html; charset=utf-8'));
  return router;
}
