/**
 * The chat scenario: 1,000 sockets connected to one API process (citizens,
 * every staff member and an admin), citizens sending 200 messages a second to
 * their support threads; measures the acknowledgement latency at the sender
 * and the delivery latency at the first staff/admin socket that receives
 * each message, and counts errors (refused connections, error acks, lost
 * messages).
 */
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { quantile } from './lib.js';

export interface ChatResult {
  sockets: number;
  sent: number;
  delivered: number;
  ackP50: number;
  ackP99: number;
  deliveryP50: number;
  deliveryP99: number;
  errors: number;
  seconds: number;
  ratePerSecond: number;
}

interface Identity {
  id: string;
  role: 'citizen' | 'staff' | 'admin';
  wards: string[];
}

/**
 * Sessions are written straight to the database and their tokens signed with
 * the bench's SECRET_KEY (logging 1,000 users in through argon2 would take
 * most of the run); the server checks them exactly as it checks any token.
 */
async function tokensFor(databaseUrl: string, secret: string, count: number): Promise<string[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const staff = await db.query(
      `SELECT u.id, u.role, COALESCE(array_agg(sw.ward_id) FILTER (WHERE sw.ward_id IS NOT NULL), '{}') AS wards
         FROM users u LEFT JOIN staff_wards sw ON sw.user_id = u.id
        WHERE u.role IN ('staff', 'admin') GROUP BY u.id, u.role`,
    );
    const citizens = await db.query(
      `SELECT id, role, '{}'::uuid[] AS wards FROM users WHERE role = 'citizen' ORDER BY phone LIMIT $1`,
      [count - staff.rows.length],
    );
    const people = [...staff.rows, ...citizens.rows] as Identity[];
    const sessions = people.map(() => randomUUID());
    await db.query(
      `INSERT INTO auth_sessions (id, user_id, user_agent) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[])`,
      [sessions, people.map((p) => p.id), people.map(() => 'bench')],
    );
    return people.map((p, i) =>
      jwt.sign({ sub: p.id, sid: sessions[i], role: p.role, wards: p.wards, ver: 0, typ: 'access' }, secret, {
        algorithm: 'HS256',
        issuer: 'clean-care',
        audience: 'clean-care-app',
        expiresIn: 3600,
      }),
    );
  } finally {
    await db.end();
  }
}

export async function runChatBench(options: {
  url: string;
  databaseUrl: string;
  secret: string;
  sockets: number;
  messagesPerSecond: number;
  seconds: number;
}): Promise<ChatResult> {
  const tokens = await tokensFor(options.databaseUrl, options.secret, options.sockets);
  const roles = tokens.map((t) => (jwt.decode(t) as { role: string }).role);
  let errors = 0;
  const sockets: Socket[] = [];
  // Connect in waves of 50, as a city's phones would reconnect after a deploy.
  for (let i = 0; i < tokens.length; i += 50) {
    const wave = tokens.slice(i, i + 50).map(
      (token) =>
        new Promise<Socket>((resolve) => {
          const socket = io(`${options.url}/chat`, {
            auth: { token },
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
            timeout: 20_000,
          });
          socket.once('connect', () => resolve(socket));
          socket.once('connect_error', () => {
            errors += 1;
            resolve(socket);
          });
        }),
    );
    sockets.push(...(await Promise.all(wave)));
  }
  const sentAt = new Map<string, number>();
  const delivery: number[] = [];
  const ack: number[] = [];
  sockets.forEach((socket, i) => {
    if (roles[i] === 'citizen') return;
    socket.on('chat_message', (m: { client_id: string | null }) => {
      const started = m.client_id ? sentAt.get(m.client_id) : undefined;
      if (started === undefined) return;
      sentAt.delete(m.client_id!);
      delivery.push(performance.now() - started);
    });
  });
  const citizens = sockets.filter((s, i) => roles[i] === 'citizen' && s.connected);
  let sent = 0;
  const started = performance.now();
  const interval = 1000 / options.messagesPerSecond;
  const pending: Promise<void>[] = [];
  while (performance.now() - started < options.seconds * 1000) {
    const socket = citizens[sent % citizens.length];
    const clientId = randomUUID();
    const t0 = performance.now();
    sentAt.set(clientId, t0);
    sent += 1;
    pending.push(
      socket
        .timeout(10_000)
        .emitWithAck('send_message', { message: `বেঞ্চমার্ক বার্তা ${sent}: আমাদের গলিতে ময়লা জমে আছে`, client_id: clientId })
        .then(
          (reply: { error?: unknown }) => {
            if (reply?.error) errors += 1;
            else ack.push(performance.now() - t0);
          },
          () => {
            errors += 1;
          },
        ),
    );
    const next = started + sent * interval;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(pending);
  // Give the last deliveries a moment, then count what never arrived as lost.
  await new Promise((r) => setTimeout(r, 2_000));
  errors += sentAt.size;
  const connected = sockets.filter((s) => s.connected).length;
  for (const socket of sockets) socket.disconnect();
  return {
    sockets: connected,
    sent,
    delivered: delivery.length,
    ackP50: Math.round(quantile(ack, 0.5)),
    ackP99: Math.round(quantile(ack, 0.99)),
    deliveryP50: Math.round(quantile(delivery, 0.5)),
    deliveryP99: Math.round(quantile(delivery, 0.99)),
    errors,
    seconds,
    ratePerSecond: sent / seconds,
  };
}
