import { Inject, Logger } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import type { Identity } from '../../common/auth/auth-user.js';
import { isStaffRole } from '../../common/auth/roles.js';
import { appConfig, type AppConfig } from '../../config/app.config.js';
import { AccessTokenVerifier } from '../auth/access-token.verifier.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { REALTIME_NAMESPACE, sessionRoom, STAFF_ROOM, userRoom } from './realtime.publisher.js';

export interface SocketData {
  /** Who the handshake's token stands for; each event's caller is built from it (ChatGateway). */
  user: Identity;
  /** When the access token the socket connected with expires (ms since epoch). */
  expiresAt: number;
  lastActivity: number;
}

export type AuthedSocket = Socket<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>;

/** The access token of a handshake: `auth.token`, or an `Authorization: Bearer` header. */
export function handshakeToken(socket: Socket): string | undefined {
  const fromAuth = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof fromAuth === 'string' && fromAuth) return fromAuth.replace(/^Bearer\s+/i, '');
  const header = socket.handshake.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}

/**
 * The `/chat` namespace's connection lifecycle: the access token is checked in
 * the handshake (a missing, invalid, expired or revoked one → connect_error),
 * each socket joins `user:<id>`, `session:<sid>` and, for staff and admins,
 * `staff`. A socket is closed when its token expires, when its login is
 * revoked or its account changes (RealtimePublisher.disconnect*), and after
 * SOCKET_IDLE_TIMEOUT_MS without a message from it.
 */
@WebSocketGateway({ namespace: REALTIME_NAMESPACE })
export class RealtimeGateway implements OnGatewayInit<Namespace>, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(RealtimeGateway.name);
  private readonly expiryTimers = new Map<string, NodeJS.Timeout>();
  private idleSweeper?: NodeJS.Timeout;
  private namespace?: Namespace;

  constructor(
    private readonly verifier: AccessTokenVerifier,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  afterInit(namespace: Namespace): void {
    this.namespace = namespace;
    this.metrics.trackSockets(() => namespace.sockets.size);
    namespace.use((socket, next) => {
      void this.authenticate(socket as AuthedSocket).then(
        () => next(),
        (err: Error) => next(err),
      );
    });
    const sweepEvery = Math.max(1_000, Math.min(60_000, Math.floor(this.config.socketIdleTimeoutMs / 4)));
    this.idleSweeper = setInterval(() => this.closeIdleSockets(), sweepEvery);
    this.idleSweeper.unref();
  }

  handleConnection(socket: AuthedSocket): void {
    const { user, expiresAt } = socket.data;
    if (!user) {
      socket.disconnect(true);
      return;
    }
    void socket.join([userRoom(user.id), sessionRoom(user.sessionId), ...(isStaffRole(user.role) ? [STAFF_ROOM] : [])]);
    // Any event from the client counts as activity.
    socket.use((_packet, next) => {
      socket.data.lastActivity = Date.now();
      next();
    });
    const timer = setTimeout(
      () => {
        (socket as Socket).emit('token_expired', { detail: 'The access token expired; reconnect with a fresh one.' });
        socket.disconnect(true);
      },
      Math.max(0, expiresAt - Date.now()),
    );
    timer.unref();
    this.expiryTimers.set(socket.id, timer);
  }

  handleDisconnect(socket: AuthedSocket): void {
    clearTimeout(this.expiryTimers.get(socket.id));
    this.expiryTimers.delete(socket.id);
  }

  private async authenticate(socket: AuthedSocket): Promise<void> {
    const token = handshakeToken(socket);
    if (!token)
      throw Object.assign(new Error('unauthorized'), { data: { detail: 'Authentication credentials were not provided.' } });
    const verified = await this.verifier.verify(token);
    if (!verified)
      throw Object.assign(new Error('unauthorized'), { data: { detail: 'Given token not valid for any token type' } });
    const { expiresAt, ...user } = verified;
    socket.data.user = user;
    socket.data.expiresAt = expiresAt;
    socket.data.lastActivity = Date.now();
  }

  private closeIdleSockets(): void {
    if (!this.namespace) return;
    const cutoff = Date.now() - this.config.socketIdleTimeoutMs;
    for (const socket of this.namespace.sockets.values() as Iterable<AuthedSocket>) {
      if (socket.data.lastActivity < cutoff) {
        this.logger.debug(`closing idle socket ${socket.id}`);
        socket.disconnect(true);
      }
    }
  }
}
