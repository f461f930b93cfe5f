// Prometheus metrics: what /metrics exposes, and the Apollo plugin that records it.
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { GatewayContext } from '../resolvers/context';

export interface GatewayMetrics {
  /** Records per-operation counts and latencies, booking outcomes by cause. */
  plugin: ApolloServerPlugin<GatewayContext>;
  /** GET /metrics in the Prometheus text format. */
  handler: RequestHandler;
}
