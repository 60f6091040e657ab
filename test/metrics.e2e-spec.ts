import { createServer } from 'node:net';
import { startTestApp, type TestApp } from './helpers/test-app.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('metrics: Prometheus on its own port', () => {
  let t: TestApp;
  let metricsUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    t = await startTestApp({ env: { METRICS_PORT: String(port), METRICS_HOST: '127.0.0.1' } });
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
  });
  afterAll(() => t?.close());

  it('reports HTTP durations by route pattern, queue depths, sockets and the database pool', async () => {
    await t.http.get('/health');
    await t.http.get('/wards/00000000-0000-4000-8000-000000000000');
    const res = await fetch(metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/health",status_code="200"\} \d+/);
    // The route pattern, not the id, labels the request.
    expect(text).toMatch(/route="\/api\/v1\/wards\/:id",status_code="404"/);
    expect(text).toMatch(/queue_jobs\{queue="notifications",state="waiting"\} \d+/);
    expect(text).toMatch(/socketio_connected_sockets \d+/);
    expect(text).toMatch(/db_pool_connections\{state="total"\} \d+/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
  });

  it('is not served by the API port (so the public proxy cannot reach it)', async () => {
    expect((await fetch(`${t.url}/metrics`)).status).toBe(404);
    expect((await t.http.get('/metrics')).status).toBe(404);
  });
});
