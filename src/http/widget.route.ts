// Serves the embeddable booking widget: the built bundle and a demo page, under /widget/.
import { Router } from 'express';

export function widgetRouter(): Router {
  return Router();
}
