// Per-RPC metrics of the Booking Server face, on the gateway's registry:
//   booking_server_requests_total{rpc,status}        status = the HTTP status answered
//   booking_server_request_duration_seconds{rpc}     histogram, request received → response finished
import { Counter, Histogram, type Registry } from 'prom-client';

export interface RestMetrics {
  observe(rpc: string, status: number, seconds: number): void;
}

export function restMetrics(registry: Registry): RestMetrics {
  const requests = new Counter({
    name: 'booking_server_requests_total',
    help: 'Booking Server API v3 requests by RPC and HTTP status.',
    labelNames: ['rpc', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'booking_server_request_duration_seconds',
    help: 'Booking Server API v3 request latency by RPC.',
    labelNames: ['rpc'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5],
    registers: [registry],
  });
  return {
    observe(rpc, status, seconds) {
      requests.inc({ rpc, status: String(status) });
      duration.observe({ rpc }, seconds);
    },
  };
}
