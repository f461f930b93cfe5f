// Talks to a test gateway's Booking Server face (/v3) the way Google's clients do: JSON bodies,
// HTTP Basic credentials.
import type { TestGateway } from './test-gateway';

export interface RestResponse<T = any> {
  status: number;
  headers: Headers;
  /** The parsed JSON body; null when the body is empty or not JSON. */
  body: T;
  text: string;
}

export const basic = (username: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` });

/** The gateway's origin (its url is the /graphql endpoint). */
export const originOf = (gw: TestGateway): string => gw.url.replace(/\/graphql$/, '');

export async function rest<T = any>(
  gw: TestGateway,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<RestResponse<T>> {
  const res = await fetch(`${originOf(gw)}${path}`, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: any = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** POST /v3/<rpc> with a JSON body. */
export const rpc = <T = any>(gw: TestGateway, name: string, body: unknown, headers?: Record<string, string>) => rest<T>(gw, 'POST', `/v3/${name}`, body, headers);
