import { QueryFailedError } from 'typeorm';
import { toErrorResponse } from '../src/common/http/error-response.js';
import { runWithRequestContext, type RequestContext } from '../src/common/http/request-context.js';
import { SqlReader } from '../src/database/sql-reader.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

/**
 * SqlReader: the hot reads' path around TypeORM's per-query runner keeps
 * what that runner gave them — rows as pg returns them, the statement
 * counted for the request, and a failure that is TypeORM's QueryFailedError,
 * answered like any other.
 */
describe('SqlReader', () => {
  let t: TestApp;
  let sql: SqlReader;

  beforeAll(async () => {
    t = await startTestApp();
    sql = t.app.get(SqlReader);
  });
  afterAll(() => t?.close());

  it('returns the rows with the parameters bound, typed as pg types them', async () => {
    const rows = await sql.rows<{ n: number; label: string; at: Date }>(
      `SELECT $1::int + 1 AS n, $2::text AS label, '2026-12-06T00:00:00Z'::timestamptz AS at`,
      [41, 'ময়লা'],
    );
    expect(rows).toEqual([{ n: 42, label: 'ময়লা', at: new Date('2026-12-06T00:00:00Z') }]);
  });

  it('counts each statement for the request it serves (the x-query-count tests rely on it)', async () => {
    const ctx: RequestContext = { requestId: 'sql-reader-test', queryCount: 0 };
    await runWithRequestContext(ctx, async () => {
      await sql.rows('SELECT 1', []);
      await sql.rows('SELECT 2', []);
    });
    expect(ctx.queryCount).toBe(2);
  });

  it('fails with QueryFailedError carrying the driver error, answered as a client error where PostgreSQL refused a value', async () => {
    const failure = await sql.rows('SELECT $1::uuid AS id', ['not-a-uuid']).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('22P02');
    expect(toErrorResponse(failure)).toMatchObject({ status: 400, body: { detail: 'Invalid value.' }, serverFault: false });
    // The pool is unharmed: the next statement runs.
    expect(await sql.rows('SELECT 1 AS one', [])).toEqual([{ one: 1 }]);
  });
});
