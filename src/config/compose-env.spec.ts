import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';

type Service = {
  command?: string[];
  environment?: Record<string, unknown>;
  healthcheck?: { test?: unknown; disable?: boolean };
  deploy?: { replicas?: number };
  depends_on?: Record<string, { condition: string }>;
  image?: string;
  volumes?: string[];
};

/**
 * docker-compose.yml runs what the issue asks (migrate once, two APIs without
 * queue work, one worker, nginx, PostgreSQL 15 and Redis 7 with healthchecks)
 * and passes every variable of .env.example to the app, so no setting is
 * silently stuck at its development default in production.
 */
describe('docker-compose.yml', () => {
  const compose = load(readFileSync(join(process.cwd(), 'docker-compose.yml'), 'utf8'), {
    schema: CORE_SCHEMA.withTags(mergeTag),
  }) as {
    services: Record<string, Service>;
    volumes: Record<string, unknown>;
  };
  const { services } = compose;
  const documented = readFileSync(join(process.cwd(), '.env.example'), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((key): key is string => !!key);
  // The seed's DB_* parts are folded into DATABASE_URL; the image sets PORT and HOST; RUN_WORKER is per service.
  const notPassed = new Set(['DB_NAME', 'DB_USER', 'DB_PASSWORD', 'DB_HOST', 'DB_PORT', 'PORT', 'HOST', 'RUN_WORKER']);

  it.each(['api', 'worker'])('passes every application variable to %s', (name) => {
    const env = services[name].environment!;
    const missing = documented.filter((key) => !notPassed.has(key) && !(key in env));
    expect(missing).toEqual([]);
    expect(env.NODE_ENV).toBe('production');
    expect(env.MIGRATIONS_RUN).toBe('false');
    expect(String(env.SECRET_KEY)).toMatch(/^\$\{SECRET_KEY:\?/);
  });

  it('runs two API replicas without queue work, and one worker that does it', () => {
    expect(services.api.environment!.RUN_WORKER).toBe('false');
    expect(services.api.deploy?.replicas).toBe(2);
    expect(services.worker.environment!.RUN_WORKER).toBe('true');
    expect(services.worker.command).toEqual(['node', 'dist/worker.js']);
    for (const name of ['api', 'worker']) {
      expect(services[name].depends_on).toEqual({
        db: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
    }
    expect(services.migrate.command).toEqual(['node', 'dist/cli.js', 'migrate']);
  });

  it('keeps PostgreSQL 15 and Redis 7 on volumes, with healthchecks', () => {
    expect(services.db.image).toBe('postgres:15');
    expect(services.redis.image).toMatch(/^redis:7/);
    expect(services.db.volumes).toContain('postgres_data:/var/lib/postgresql/data');
    expect(services.redis.volumes).toContain('redis_data:/data');
    for (const name of ['db', 'redis', 'worker', 'nginx']) expect(services[name].healthcheck?.test).toBeDefined();
    expect(Object.keys(compose.volumes).sort()).toEqual(['media_volume', 'postgres_data', 'redis_data']);
  });

  it('puts nginx in front with its configuration and the media volume read-only', () => {
    expect(services.nginx.volumes).toEqual(['./deploy/nginx.conf:/etc/nginx/nginx.conf:ro', 'media_volume:/app/media:ro']);
    const nginx = readFileSync(join(process.cwd(), 'deploy/nginx.conf'), 'utf8');
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(nginx).toMatch(/client_max_body_size \d+m;/);
    expect(nginx).toMatch(/location = \/metrics \{ return 404; \}/);
  });
});
