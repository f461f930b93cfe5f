// One HTTP POST of a webhook. node:http(s) rather than fetch: its `lookup` hook lets every connection
// resolve through the SSRF guard (target-policy.ts). Redirects are not followed (a 3xx is a failed
// attempt: following it would send the signed body somewhere the subscriber did not name). The whole
// attempt, connect to last byte, has one deadline; at most 64 KB of the answer is read, then dropped.
// Connections are kept alive per dispatcher, so a busy receiver is not a TCP handshake per event.
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { nonPublicReason } from './address-check';
import { guardedLookup, hostOf } from './target-policy';

export interface SendOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  /** Keep-alive agents (one pair per dispatcher): a receiver's connection is reused across deliveries. */
  agents?: { http: http.Agent; https: https.Agent };
}

/** Keep-alive agents for sendWebhook; a new connection resolves through the SSRF guard, a reused one was checked when it opened. */
export function keepAliveAgents(maxSockets: number): { http: http.Agent; https: https.Agent } {
  return { http: new http.Agent({ keepAlive: true, maxSockets }), https: new https.Agent({ keepAlive: true, maxSockets }) };
}

/** The receiver's status, or why there was none (network error, timeout, refused target). */
export interface SendResult {
  status: number | null;
  error: string | null;
}

const MAX_ANSWER_BYTES = 64 * 1024;

export function sendWebhook(target: string, headers: Record<string, string>, body: string, options: SendOptions): Promise<SendResult> {
  const url = new URL(target);
  const host = hostOf(url);
  if (isIP(host) && !options.allowPrivate && nonPublicReason(host)) {
    return Promise.resolve({ status: null, error: `refused: ${host} is ${nonPublicReason(host)}` });
  }
  const secure = url.protocol === 'https:';
  const transport = secure ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'booking-gateway-webhooks/1' },
        lookup: guardedLookup(options.allowPrivate),
        agent: options.agents ? (secure ? options.agents.https : options.agents.http) : false,
      },
      (response) => {
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) response.destroy();
        });
        const status = response.statusCode ?? null;
        response.on('end', () => done({ status, error: null }));
        response.on('close', () => done({ status, error: null }));
        response.on('error', () => done({ status, error: null }));
      },
    );
    const deadline = setTimeout(() => {
      request.destroy();
      done({ status: null, error: `timeout after ${options.timeoutMs} ms` });
    }, options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => done({ status: null, error: error.code === 'EWEBHOOKTARGET' ? error.message : `${error.code ?? 'network error'}: ${error.message}` }));
    request.end(body);
  });
}
