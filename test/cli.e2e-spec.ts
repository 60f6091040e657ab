import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { nextPhone } from './helpers/fixtures.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const run = promisify(execFile);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The admin CLI as operators run it: the compiled `dist/cli.js` (built first
 * when the sources changed), against this file's database.
 */
describe('CLI: node dist/cli.js', () => {
  let t: TestApp;

  beforeAll(async () => {
    await run(process.execPath, ['scripts/ensure-build.mjs'], { timeout: 600_000, maxBuffer: 16 * 1024 * 1024 });
    t = await startTestApp();
  }, 660_000);
  afterAll(() => t?.close());

  async function cli(...args: string[]): Promise<CliResult> {
    try {
      const { stdout, stderr } = await run(process.execPath, ['dist/cli.js', ...args], {
        env: { ...process.env, ...t.env, LOG_LEVEL: 'error' },
        timeout: 60_000,
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  const usersWithPhone = async (phone: string) =>
    Number((await t.db.query('SELECT count(*) AS n FROM users WHERE phone = $1', [phone])).rows[0].n);

  it('creates an admin who can log in and use admin routes', async () => {
    const phone = nextPhone();
    const res = await cli(
      'create-user',
      '--role',
      'admin',
      '--phone',
      `+88${phone}`,
      '--name',
      'City Admin',
      '--password',
      'admin-pass-123',
    );
    expect(res).toMatchObject({ code: 0 });
    expect(res.stdout).toContain(`created admin City Admin (${phone})`);

    const login = await t.http.post('/auth/login', { phone, password: 'admin-pass-123' });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ phone, name: 'City Admin', role: 'admin' });
    expect((await t.http.get('/users', { token: login.body.access_token })).status).toBe(200);
  });

  it('creates a citizen by default', async () => {
    const phone = nextPhone();
    const res = await cli(
      'create-user',
      '--phone',
      phone,
      '--name',
      'Plain Citizen',
      '--password',
      'citizen-pass-1',
      '--email',
      'plain@example.com',
    );
    expect(res.code).toBe(0);
    const login = await t.http.post('/auth/login', { phone, password: 'citizen-pass-1' });
    expect(login.body.user).toMatchObject({ role: 'citizen', email: 'plain@example.com' });
  });

  it('exits non-zero on bad input and creates nothing', async () => {
    const phone = nextPhone();
    const cases: Array<{ args: string[]; says: RegExp }> = [
      { args: ['--role', 'admin', '--phone', '01212345678', '--name', 'X', '--password', 'good-pass-123'], says: /phone/ },
      { args: ['--role', 'admin', '--phone', phone, '--name', 'X', '--password', '1234567890'], says: /password/ },
      { args: ['--role', 'root', '--phone', phone, '--name', 'X', '--password', 'good-pass-123'], says: /role/ },
      {
        args: ['--role', 'admin', '--phone', phone, '--name', 'X', '--password', 'good-pass-123', '--superuser'],
        says: /superuser/,
      },
    ];
    for (const { args, says } of cases) {
      const res = await cli('create-user', ...args);
      expect([args.join(' '), res.code]).toEqual([args.join(' '), 1]);
      expect(res.stderr).toMatch(says);
    }
    expect(await usersWithPhone(phone)).toBe(0);
  });

  it('refuses a phone that is taken', async () => {
    const phone = nextPhone();
    expect((await cli('create-user', '--phone', phone, '--name', 'First', '--password', 'first-pass-1')).code).toBe(0);
    const res = await cli('create-user', '--role', 'admin', '--phone', phone, '--name', 'Second', '--password', 'second-pass-1');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('phone: A user with this phone number already exists.');
    const row = await t.db.query('SELECT name, role FROM users WHERE phone = $1', [phone]);
    expect(row.rows).toEqual([{ name: 'First', role: 'citizen' }]);
  });

  it('prints usage for an unknown command and exits 2', async () => {
    const res = await cli('make-coffee');
    expect(res.code).toBe(2);
    expect(res.stdout).toContain('create-user');
  });
});
