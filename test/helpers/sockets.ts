import { io, type Socket } from 'socket.io-client';

export interface ConnectOptions {
  token?: string;
  /** Send the token as an Authorization header instead of `auth.token`. */
  viaHeader?: boolean;
}

/** A socket.io client on the app's /chat namespace (WebSocket transport). */
export function connectSocket(baseUrl: string, options: ConnectOptions = {}): Socket {
  return io(`${baseUrl}/chat`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 5_000,
    auth: options.token && !options.viaHeader ? { token: options.token } : {},
    extraHeaders: options.token && options.viaHeader ? { authorization: `Bearer ${options.token}` } : undefined,
  });
}

/** Resolves when connected; rejects with the connect_error's message and data. */
export function connected(socket: Socket): Promise<Socket> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err: Error & { data?: unknown }) =>
      reject(Object.assign(new Error(err.message), { data: err.data })),
    );
  });
}

/** The next `event` the socket receives (rejects after `timeoutMs`). */
export function nextEvent<T = any>(socket: Socket, event: string, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Resolves with the reason when the socket is disconnected. */
export function disconnected(socket: Socket, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (socket.disconnected && !socket.active) return resolve('already disconnected');
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason: string) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** Emits `event` and resolves with the server's acknowledgement (rejects after `timeoutMs`). */
export function ack<T = any>(socket: Socket, event: string, payload?: unknown, timeoutMs = 5_000): Promise<T> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
}

/** Every `event` the socket receives from now on, in order. */
export function collect<T = any>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}
