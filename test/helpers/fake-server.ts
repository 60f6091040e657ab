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
export interface Hold {
  /** Answers every held request (and later matching ones at once). */
  release(): void;
  /** Resolves when the first matching request has arrived. */
  readonly arrived: Promise<void>;
}

export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  private server?: Server;
  private handler: FakeHandler;
  private readonly holds: Array<{
    matches: (req: RecordedRequest) => boolean;
    gate: Promise<void>;
    arrive: () => void;
    release: () => void;
  }> = [];

  constructor(handler: FakeHandler = () => ({ status: 200, body: { ok: true } })) {
    this.handler = handler;
  }

  setHandler(handler: FakeHandler): void {
    this.handler = handler;
  }

  /**
   * A service that does the work but does not answer: requests `matches`
   * selects are handled (state changes happen) and their answers held until
   * `release()`. The caller may be gone by then (killed mid-call).
   */
  hold(matches: (req: RecordedRequest) => boolean): Hold {
    let open!: () => void;
    let arrive!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const entry = {
      matches,
      gate,
      arrive,
      release: () => {
        const at = this.holds.indexOf(entry);
        if (at >= 0) this.holds.splice(at, 1);
        open();
      },
    };
    this.holds.push(entry);
    return { arrived, release: entry.release };
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
    for (const hold of [...this.holds]) hold.release();
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
    const hold = this.holds.find((h) => h.matches(recorded));
    if (hold) {
      hold.arrive();
      await hold.gate;
    }
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
