import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '../common/http/request-context.js';

type Hook = () => unknown;

/**
 * What a transaction's changes are made for: the request, socket event or
 * job (its actor, client and request id go into the audit log and the
 * outbox), or null for work no one asked for through the API (the CLI).
 */
export type ChangeOrigin = RequestContext | null;

/**
 * One database transaction plus the work that must wait until it has
 * committed (handing jobs to Redis, socket pushes). Services receive it, do
 * their writes through `manager`, publish domain events with it, and never
 * enqueue or emit anything that a rollback could contradict.
 */
export class UnitOfWork {
  private readonly hooks: Hook[] = [];

  constructor(
    readonly manager: EntityManager,
    readonly origin: ChangeOrigin,
  ) {}

  /** Runs `hook` once the transaction has committed; never if it rolls back. */
  afterCommit(hook: Hook): void {
    this.hooks.push(hook);
  }

  /** @internal called by TransactionRunner after COMMIT. */
  async flushAfterCommit(logger: Logger): Promise<void> {
    for (const hook of this.hooks.splice(0)) {
      try {
        await hook();
      } catch (err) {
        // The transaction is committed: a failing side effect is logged, and
        // anything that must not be lost went through the outbox already.
        logger.error(`after-commit hook failed: ${(err as Error).message}`, (err as Error).stack);
      }
    }
  }
}

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/** The level of a transaction that names none: PostgreSQL's own default, set on every connection. */
export const DEFAULT_ISOLATION: IsolationLevel = 'READ COMMITTED';

@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger(TransactionRunner.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in one transaction on behalf of `origin`, then the unit's
   * after-commit hooks. `origin` is required, not looked up: every change
   * names where it comes from, or says (null) that no request caused it.
   */
  async run<T>(
    origin: ChangeOrigin,
    work: (uow: UnitOfWork) => Promise<T>,
    isolation: IsolationLevel = DEFAULT_ISOLATION,
  ): Promise<T> {
    let uow!: UnitOfWork;
    const inTransaction = (manager: EntityManager) => {
      uow = new UnitOfWork(manager, origin);
      return work(uow);
    };
    // Naming a level costs a statement of its own after BEGIN; every connection already
    // starts its transactions at the default level (data-source.ts), so only another one is named.
    const result = await (isolation === DEFAULT_ISOLATION
      ? this.dataSource.transaction(inTransaction)
      : this.dataSource.transaction(isolation, inTransaction));
    await uow.flushAfterCommit(this.logger);
    return result;
  }
}
