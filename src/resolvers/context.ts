import type { Caller } from '../domain/caller';
import type { RequestLoaders } from '../services/loaders';
import type { Services } from '../services';

/** What every resolver gets: built once per HTTP request (src/http/context.ts). */
export interface GatewayContext {
  requestId: string;
  /** null when the request carried no valid API key. */
  caller: Caller | null;
  services: Services;
  loaders: RequestLoaders;
}
