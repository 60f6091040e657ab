import { GatewayError } from './payment-gateway.js';

export interface GatewayRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A JSON body (object) or a form body (URLSearchParams). */
  json?: unknown;
  form?: URLSearchParams;
  timeoutMs: number;
}

export interface GatewayHttpResponse {
  status: number;
  body: Record<string, unknown>;
}

/**
 * One HTTP call to a gateway with a deadline. The answer must be a JSON
 * object; anything else is a protocol error. Error messages carry the
 * gateway's name, the step and the HTTP status only: URLs may hold
 * credentials (SSLCommerz takes them in the query string) and are never logged.
 */
export async function gatewayRequest(
  gateway: string,
  step: string,
  url: string,
  req: GatewayRequest,
): Promise<GatewayHttpResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...(req.headers ?? {}) };
  let body: string | undefined;
  if (req.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.json);
  } else if (req.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = req.form.toString();
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: req.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      signal: AbortSignal.timeout(req.timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    const e = err as Error;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      throw new GatewayError(`${gateway} ${step}: no answer within ${req.timeoutMs} ms`, 'timeout');
    }
    throw new GatewayError(`${gateway} ${step}: could not reach the gateway`, 'network');
  }
  let text: string;
  try {
    text = await response.text();
  } catch (err) {
    const e = err as Error;
    const kind = e.name === 'TimeoutError' || e.name === 'AbortError' ? 'timeout' : 'network';
    throw new GatewayError(`${gateway} ${step}: the answer was cut off`, kind);
  }
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    throw new GatewayError(`${gateway} ${step}: answered HTTP ${response.status} with a body that is not JSON`, 'protocol');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new GatewayError(
      `${gateway} ${step}: answered HTTP ${response.status} with a body that is not a JSON object`,
      'protocol',
    );
  }
  return { status: response.status, body: parsed as Record<string, unknown> };
}

/** A field of a gateway answer as a string ('' when absent). */
export function str(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** Drops the named keys from a gateway answer before it is stored. */
export function without(body: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !keys.includes(k)));
}

/**
 * An amount as a gateway reports it ("10", "50.5", "100.000", 100) in our
 * canonical form ("10.00"); undefined when it is not an amount with at most
 * two significant decimals.
 */
export function gatewayAmount(value: unknown): string | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const m = /^(\d{1,12})(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > 2) return undefined;
  return `${BigInt(m[1])}.${frac.padEnd(2, '0')}`;
}
