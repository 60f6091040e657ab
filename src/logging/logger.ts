import { Injectable, type LoggerService, type OnApplicationShutdown } from '@nestjs/common';
import pino, { type Logger as Pino } from 'pino';
import { currentRequestContext } from '../common/http/request-context.js';

/**
 * Fields that may carry secrets, replaced before a line is written. Request
 * lines carry only id, method, URL, status and duration, never headers or
 * bodies; these catch a secret logged by name. Explicit paths, no wildcards:
 * wildcard redaction costs on every line.
 */
export const REDACTED_PATHS = [
  'password',
  'new_password',
  'old_password',
  'refresh_token',
  'access_token',
  'code',
  'token',
  'api_key',
  'authorization',
  'headers.authorization',
  'headers.cookie',
];

/**
 * The process's one pino logger: JSON lines on stdout, buffered (4 KiB) and
 * written asynchronously instead of one blocking write per line, flushed at
 * exit. Every line written while serving a request (or running a job that
 * carries one) gets its `reqId` from the request context.
 */
const destinations: pino.DestinationStream[] = [];

/** Writes out buffered log lines now (at shutdown: Nest re-raises the signal, and a signal death skips 'exit'). */
export function flushLogs(): void {
  for (const destination of destinations) {
    try {
      (destination as pino.DestinationStream & { flushSync(): void }).flushSync();
    } catch {
      // stdout already closed
    }
  }
}

const loggers = new Map<string, Pino>();

/** The process's logger for `level` (one per level: tests start several apps in one process). */
export function createLogger(level: string): Pino {
  const existing = loggers.get(level);
  if (existing) return existing;
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  if (!destinations.length) process.once('exit', flushLogs);
  destinations.push(destination);
  const logger = pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin: () => {
        const ctx = currentRequestContext();
        return ctx ? { reqId: ctx.requestId } : {};
      },
    },
    destination,
  );
  loggers.set(level, logger);
  return logger;
}

/** Nest's LoggerService on pino: the framework's and the modules' `Logger` lines become JSON with their context. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest passes (message, context) or, for errors, (message, stack, context). */
  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = level === 'error' && rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    if (message instanceof Error) this.pino[level]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.pino[level]({ context, ...message });
    else this.pino[level]({ context, ...(stack ? { stack } : {}) }, String(message));
  }
}

/** Flushes buffered log lines when the application shuts down. */
@Injectable()
export class LogFlushOnShutdown implements OnApplicationShutdown {
  onApplicationShutdown(): void {
    flushLogs();
  }
}
