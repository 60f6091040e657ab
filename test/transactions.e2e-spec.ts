import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { TransactionRunner, type IsolationLevel } from '../src/database/unit-of-work.js';
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

  /** The isolation level a transaction run by TransactionRunner sees. */
  const levelIn = (isolation?: IsolationLevel): Promise<string> =>
    tx.run(
      null,
      async (uow) => {
        const rows: Array<{ transaction_isolation: string }> = await uow.manager.query('SHOW transaction_isolation');
        return rows[0].transaction_isolation;
      },
      isolation,
    );

  it('runs at READ COMMITTED by default, set by the connection rather than the server', async () => {
    expect(await levelIn()).toBe('read committed');
    const [setting] = await dataSource.query(
      `SELECT setting, source FROM pg_settings WHERE name = 'default_transaction_isolation'`,
    );
    expect(setting).toEqual({ setting: 'read committed', source: 'client' });
  });

  it('runs at the level asked for', async () => {
    expect(await levelIn('SERIALIZABLE')).toBe('serializable');
    expect(await levelIn('REPEATABLE READ')).toBe('repeatable read');
  });
});
