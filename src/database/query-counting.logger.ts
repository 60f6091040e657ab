import type { Logger as TypeOrmLogger } from 'typeorm';
import { Logger } from '@nestjs/common';
import { currentRequestContext } from '../common/http/request-context.js';

/**
 * Counts the SQL statements each HTTP request issues (read back through the
 * request context; the tests use it to prove a list costs a fixed number of
 * queries) and reports slow queries and errors through the app's logger.
 */
export class QueryCountingLogger implements TypeOrmLogger {
  private readonly logger = new Logger('SQL');

  logQuery(): void {
    const ctx = currentRequestContext();
    if (ctx) ctx.queryCount += 1;
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.warn(`query failed: ${error instanceof Error ? error.message : error} — ${query.slice(0, 500)}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${query.slice(0, 500)}`);
  }

  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger.log(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}
