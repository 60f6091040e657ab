import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { QueryFailedError, type DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * One read statement on TypeORM's own connection pool, for the hottest reads
 * (the complaint list and view): hand-written SQL whose rows are mapped by
 * the repository. `DataSource.query` builds a QueryRunner for every call —
 * its broadcaster, its connect and release, a dozen promises — which cost
 * about 7% of a complaint read (bench/instructions.ts). What it adds that
 * matters is kept: the statement is counted and logged by the data source's
 * logger as TypeORM would (slow ones past maxQueryExecutionTime, failures),
 * and a failure is TypeORM's QueryFailedError, so it is answered like any
 * other (a 503 when the database is unreachable, a 400 for a value
 * PostgreSQL refuses). Writes, and anything inside a transaction, go
 * through TypeORM.
 */
@Injectable()
export class SqlReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async rows<T>(sql: string, params: unknown[]): Promise<T[]> {
    const logger = this.dataSource.logger;
    logger.logQuery(sql, params);
    const started = performance.now();
    try {
      const result = await this.pool().query(sql, params);
      const elapsed = performance.now() - started;
      const slow = this.dataSource.options.maxQueryExecutionTime;
      if (slow && elapsed > slow) logger.logQuerySlow(Math.round(elapsed), sql, params);
      return result.rows as T[];
    } catch (err) {
      logger.logQueryError(err as Error, sql, params);
      throw new QueryFailedError(sql, params, err as Error);
    }
  }

  /** The pool TypeORM connected (there is none before it has: `npm run openapi` never connects). */
  private pool(): Pool {
    return (this.dataSource.driver as PostgresDriver).master as Pool;
  }
}
