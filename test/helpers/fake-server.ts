import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
  rawBody: string;
}

export type FakeHandler = (
  req: RecordedRequest,
) =>
  | { status?: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  | Promise<{ status?: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }>;

/**
 * A small HTTP server on 127.0.0.1 standing in for an outside service (SMS
 * gateway, payment gateway, FCM), so the real adapter code runs against it.
 * It records every request it receives.
 */
export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  private server?: Server;
  private handler: FakeHandler;

  constructor(handler: FakeHandler = () => ({ status: 200, body: { ok: true } })) {
    this.handler = handler;
  }

  setHandler(handler: FakeHandler): void {
    this.handler = handler;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let body: unknown = rawBody;
    const type = req.headers['content-type'] ?? '';
    if (type.includes('json') && rawBody) body = JSON.parse(rawBody);
    else if (type.includes('x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(rawBody));
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body, rawBody };
    this.requests.push(recorded);
    const reply = await this.handler(recorded);
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
    res.end(reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
  }
}

export interface SmsMessage {
  api_key: string;
  phone: string;
  message: string;
}

/** The seed's SMS gateway: accepts POST {api_key, phone, message}. */
export class FakeSmsGateway extends FakeServer {
  get messages(): SmsMessage[] {
    return this.requests.filter((r) => r.method === 'POST').map((r) => r.body as SmsMessage);
  }

  to(phone: string): SmsMessage[] {
    return this.messages.filter((m) => m.phone === phone);
  }
}
