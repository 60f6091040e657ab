import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { TransactionRunner } from '../src/database/unit-of-work.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

/**
 * TransactionRunner: a transaction runs at READ COMMITTED without a statement
 * naming the level (each connection starts at it, whatever the server's
 * default), and at another level when one is asked for.
 */
describe('transactions', () => {
  let t: TestApp;
  let tx: TransactionRunner;
  let dataSource: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    tx = t.app.get(TransactionRunner);
    dataSource = t.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(() => t?.close());

  const level = (query: (sql: string) => Promise<Array<{ transaction_isolation: string }>>) =>
    query('SHOW transaction_isolation').then((rows) => rows[0].transaction_isolation);

  it('runs at READ COMMITTED by default, set by the connection rather than the server', async () => {
    expect(await tx.run((uow) => level((sql) => uow.manager.query(sql)))).toBe('read committed');
    const [setting] = await dataSource.query(
      `SELECT setting, source FROM pg_settings WHERE name = 'default_transaction_isolation'`,
    );
    expect(setting).toEqual({ setting: 'read committed', source: 'client' });
  });

  it('runs at the level asked for', async () => {
    expect(await tx.run((uow) => level((sql) => uow.manager.query(sql)), 'SERIALIZABLE')).toBe('serializable');
    expect(await tx.run((uow) => level((sql) => uow.manager.query(sql)), 'REPEATABLE READ')).toBe('repeatable read');
  });
});
