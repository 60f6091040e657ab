/**
 * The floor: what scenarios 1–4 cost without the framework. A bare Fastify
 * server with hand-written SQL on the same database, the same JWT check
 * (HS256, issuer, audience, expiry, token type, and the revocation markers
 * in Redis) and the same JSON as the
 * project's complaint routes. The benchmark compares the project to it.
 *
 *   tsx bench/floor.ts   (PORT, DATABASE_URL, SECRET_KEY, JWT_ISSUER, JWT_AUDIENCE, DB_POOL_SIZE)
 */
import { createSecretKey } from 'node:crypto';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import jwt from 'jsonwebtoken';
import pg from 'pg';

const env = process.env;
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: Number(env.DB_POOL_SIZE ?? 20) });
// A KeyObject, as the project uses: jsonwebtoken tries to parse a string secret as a PEM key on every call.
const SECRET = createSecretKey(Buffer.from(env.SECRET_KEY ?? '', 'utf8'));
const VERIFY = {
  algorithms: ['HS256'] as jwt.Algorithm[],
  issuer: env.JWT_ISSUER ?? 'clean-care',
  audience: env.JWT_AUDIENCE ?? 'clean-care-app',
};
const OFFSET = 6 * 3600_000;
// The same revocation check as the project's (a token is only good if its login and account were not revoked).
const redis = new Redis(env.REDIS_URL ?? 'redis://127.0.0.1:6379/0', { enableAutoPipelining: true });
const PREFIX = `${env.REDIS_KEY_PREFIX ?? 'cc:'}auth:`;
const CATEGORIES = new Set(['পরিচ্ছন্নতা', 'বর্জ্য ব্যবস্থাপনা', 'পানি সরবরাহ', 'রাস্তাঘাট', 'বিদ্যুৎ', 'অন্যান্য']);
const PRIORITIES = new Set(['উচ্চ', 'মধ্যম', 'নিম্ন']);

interface Viewer {
  id: string;
  role: 'citizen' | 'staff' | 'admin';
  wards: string[];
}

const iso = (d: Date | null): string | null => (d ? new Date(d.getTime() + OFFSET).toISOString().replace('Z', '+06:00') : null);

async function auth(request: FastifyRequest, reply: FastifyReply): Promise<Viewer | undefined> {
  const header = request.headers.authorization;
  try {
    if (!header?.startsWith('Bearer ')) throw new Error('missing');
    const claims = jwt.verify(header.slice(7), SECRET, VERIFY) as jwt.JwtPayload;
    if (claims.typ !== 'access') throw new Error('not an access token');
    const [revoked, version] = await redis.mget(`${PREFIX}sr:${claims.sid}`, `${PREFIX}uv:${claims.sub}`, `${PREFIX}warm`);
    if (revoked || (version !== null && claims.ver < Number(version))) throw new Error('revoked');
    return { id: claims.sub as string, role: claims.role, wards: claims.wards ?? [] };
  } catch {
    void reply.code(401).send({ detail: 'Given token not valid for any token type' });
    return undefined;
  }
}

/** The visibility rule: citizens their own; staff their own and their wards' (all without wards); admins all. */
function scope(viewer: Viewer, params: unknown[]): string {
  if (viewer.role === 'admin' || (viewer.role === 'staff' && viewer.wards.length === 0)) return 'TRUE';
  params.push(viewer.id);
  if (viewer.role === 'staff') {
    params.push(viewer.wards);
    return `(c.user_id = $${params.length - 1} OR c.ward_id = ANY($${params.length}::uuid[]))`;
  }
  return `c.user_id = $${params.length}`;
}

const SELECT = `
  SELECT c.id, c.tracking_number, c.user_id, c.title, c.description, c.category, c.priority, c.status, c.location,
         c.ward_id, c.latitude, c.longitude, c.assigned_to_id, c.resolved_at, c.created_at, c.updated_at,
         r.id AS r_id, r.user_id AS r_user_id, r.rating AS r_rating, r.comment AS r_comment, r.created_at AS r_created_at,
         (SELECT COALESCE(json_agg(json_build_object('id', a.id, 'file_type', a.file_type, 'content_type', a.content_type,
                                                    'size', a.size, 'uploaded_at', a.uploaded_at) ORDER BY a.uploaded_at, a.id), '[]'::json)
            FROM complaint_attachments a WHERE a.complaint_id = c.id) AS attachments
    FROM complaints c LEFT JOIN complaint_reviews r ON r.complaint_id = c.id`;

function toJson(row: Record<string, any>, base: string) {
  return {
    id: row.id,
    tracking_number: row.tracking_number,
    user: row.user_id,
    title: row.title,
    description: row.description,
    category: row.category,
    priority: row.priority,
    status: row.status,
    location: row.location,
    ward: row.ward_id,
    latitude: row.latitude === null ? null : Number(row.latitude),
    longitude: row.longitude === null ? null : Number(row.longitude),
    assigned_to: row.assigned_to_id,
    resolved_at: iso(row.resolved_at),
    attachments: (row.attachments as Array<Record<string, any>>).map((a) => ({
      id: a.id,
      file: `${base}/${row.id}/attachments/${a.id}`,
      file_type: a.file_type,
      content_type: a.content_type,
      size: a.size,
      uploaded_at: iso(new Date(a.uploaded_at)),
    })),
    review: row.r_id
      ? {
          id: row.r_id,
          complaint: row.id,
          user: row.r_user_id,
          rating: row.r_rating,
          comment: row.r_comment,
          created_at: iso(row.r_created_at),
        }
      : null,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

const app = Fastify({ logger: false, routerOptions: { ignoreTrailingSlash: true } });
app.get('/health', async () => ({ status: 'ok' }));
const baseOf = (request: FastifyRequest) => `${request.protocol}://${request.host}/api/v1/complaints`;

app.get('/api/v1/complaints', async (request, reply) => {
  const viewer = await auth(request, reply);
  if (!viewer) return;
  const q = request.query as Record<string, string | undefined>;
  const page = Math.max(1, Number(q.page ?? 1) || 1);
  const size = Math.min(100, Math.max(1, Number(q.page_size ?? 20) || 20));
  const params: unknown[] = [];
  const where = [scope(viewer, params)];
  if (q.status) {
    params.push(q.status);
    where.push(`c.status = $${params.length}`);
  }
  if (q.search) {
    params.push(`%${q.search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    where.push(`(c.title ILIKE $${params.length} OR c.description ILIKE $${params.length})`);
  }
  const filter = where.join(' AND ');
  const count = Number((await pool.query(`SELECT count(*)::int AS n FROM complaints c WHERE ${filter}`, params)).rows[0].n);
  const rows = count
    ? (
        await pool.query(
          `${SELECT} WHERE ${filter} ORDER BY c.created_at DESC, c.id DESC LIMIT ${size} OFFSET ${(page - 1) * size}`,
          params,
        )
      ).rows
    : [];
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  const link = (p: number) => {
    url.searchParams.set('page', String(p));
    return url.toString();
  };
  const last = Math.max(1, Math.ceil(count / size));
  const base = baseOf(request);
  return {
    count,
    next: page < last ? link(page + 1) : null,
    previous: page > 1 ? link(page - 1) : null,
    results: rows.map((r) => toJson(r, base)),
  };
});

app.get('/api/v1/complaints/:id', async (request, reply) => {
  const viewer = await auth(request, reply);
  if (!viewer) return;
  const { id } = request.params as { id: string };
  if (!/^[0-9a-f-]{36}$/i.test(id)) return reply.code(404).send({ detail: 'Not found.' });
  const params: unknown[] = [id];
  const { rows } = await pool.query(`${SELECT} WHERE c.id = $1 AND ${scope(viewer, params)}`, params);
  if (!rows.length) return reply.code(404).send({ detail: 'Not found.' });
  return toJson(rows[0], baseOf(request));
});

app.post('/api/v1/complaints', async (request, reply) => {
  const viewer = await auth(request, reply);
  if (!viewer) return;
  const b = request.body as Record<string, any>;
  const errors: Record<string, string[]> = {};
  for (const f of ['title', 'description', 'location'])
    if (typeof b?.[f] !== 'string' || !b[f].trim()) errors[f] = ['This field is required.'];
  if (!CATEGORIES.has(b?.category)) errors.category = ['Invalid choice.'];
  if (!PRIORITIES.has(b?.priority)) errors.priority = ['Invalid choice.'];
  if (Object.keys(errors).length) return reply.code(400).send(errors);
  // The day's counter, the complaint in the caller's home ward and its first history row: one
  // autocommitted statement, as the project files one (the counter row's lock lasts only that long).
  const now = new Date();
  const day = new Date(now.getTime() + OFFSET).toISOString().slice(0, 10);
  const { rows } = await pool.query(
    `WITH counter AS (
       INSERT INTO complaint_daily_counters AS k (day, last) VALUES ($1, 1)
       ON CONFLICT (day) DO UPDATE SET last = k.last + 1 RETURNING day, last
     ), c AS (
       INSERT INTO complaints (tracking_number, user_id, title, description, category, priority, location, ward_id,
                               latitude, longitude, created_at, updated_at)
       SELECT 'CC' || to_char(counter.day, 'YYYYMMDD') || lpad(counter.last::text, greatest(4, length(counter.last::text)), '0'),
              $2, $3, $4, $5, $6, $7, (SELECT ward_id FROM users WHERE id = $2), $8, $9, $10, $10
         FROM counter
       RETURNING id, tracking_number, user_id, title, description, category, priority, status, location, ward_id, latitude,
                 longitude, assigned_to_id, resolved_at, created_at, updated_at
     ), history AS (
       INSERT INTO complaint_status_changes (complaint_id, from_status, to_status, changed_by_id)
       SELECT id, NULL, status, user_id FROM c
     )
     SELECT * FROM c`,
    [
      day,
      viewer.id,
      b.title.trim(),
      b.description.trim(),
      b.category,
      b.priority,
      b.location.trim(),
      b.latitude ?? null,
      b.longitude ?? null,
      now,
    ],
  );
  return reply.code(201).send(toJson({ ...rows[0], attachments: [], r_id: null }, baseOf(request)));
});

await app.listen({ port: Number(env.PORT ?? 8100), host: '127.0.0.1' });
console.log(`floor listening on ${env.PORT}`);
