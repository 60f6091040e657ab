/**
 * Seeds a migrated bench database with realistic volume in bulk SQL (not
 * through the API): 50 wards, 10,000 citizens, 20 staff, an admin, and
 * 100,000 complaints spread over the past year with attachment rows, status
 * history and reviews (`size` seeds a smaller city). Everyone's password
 * is BENCH_PASSWORD.
 */
import argon2 from 'argon2';
import pg from 'pg';

export const BENCH_PASSWORD = 'bench-password-1';
export const CITIZENS = 10_000;
export const STAFF = 20;
export const WARDS = 50;
export const COMPLAINTS = 100_000;

/** Phone of citizen i (1-based) and staff member i. */
export const citizenPhone = (i: number): string => `017${String(i).padStart(8, '0')}`;
export const staffPhone = (i: number): string => `018${String(i).padStart(8, '0')}`;
export const ADMIN_PHONE = '01900000001';

const TITLES = [
  'রাস্তায় ময়লার স্তূপ জমে আছে',
  'ড্রেন বন্ধ হয়ে পানি জমেছে',
  'তিন দিন ধরে পানি সরবরাহ বন্ধ',
  'রাস্তার বাতি জ্বলছে না',
  'ডাস্টবিন উপচে ময়লা ছড়িয়ে পড়ছে',
  'খোলা ম্যানহোল, দুর্ঘটনার ঝুঁকি',
  'মশার উপদ্রব বেড়েছে',
  'রাস্তায় বড় গর্ত',
  'Garbage not collected for a week',
  'Broken footpath near the market',
];
const DESCRIPTIONS = [
  'এলাকার বাসিন্দারা খুবই সমস্যায় আছেন, দ্রুত ব্যবস্থা নেওয়ার অনুরোধ করছি।',
  'গত সপ্তাহ থেকে একই অবস্থা, কেউ খোঁজ নেয়নি। ময়লার গন্ধে চলাফেরা কঠিন।',
  'শিশু ও বয়স্কদের চলাচলে মারাত্মক অসুবিধা হচ্ছে।',
  'Please send someone to fix this as soon as possible; the whole lane is affected.',
];
const LOCATIONS = ['মিরপুর ১০', 'উত্তরা সেক্টর ৭', 'বনানী ১১ নম্বর রোড', 'মোহাম্মদপুর টাউন হল', 'গুলশান ২', 'পল্লবী'];
const CATEGORIES = ['পরিচ্ছন্নতা', 'বর্জ্য ব্যবস্থাপনা', 'পানি সরবরাহ', 'রাস্তাঘাট', 'বিদ্যুৎ', 'অন্যান্য'];
const PRIORITIES = ['উচ্চ', 'মধ্যম', 'নিম্ন'];

const sqlArray = (values: string[]): string => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`;

/** How much to seed; the benchmark uses the defaults, the soak a smaller city. */
export interface SeedSize {
  citizens: number;
  staff: number;
  wards: number;
  complaints: number;
}

export const BENCH_SIZE: SeedSize = { citizens: CITIZENS, staff: STAFF, wards: WARDS, complaints: COMPLAINTS };

export interface SeedSummary {
  wardIds: string[];
  seconds: number;
}

export async function seed(databaseUrl: string, size: SeedSize = BENCH_SIZE): Promise<SeedSummary> {
  const { citizens: CITIZENS, staff: STAFF, wards: WARDS, complaints: COMPLAINTS } = size;
  const started = Date.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const hash = await argon2.hash(BENCH_PASSWORD, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    await client.query('BEGIN');
    const city = await client.query(
      `INSERT INTO city_corporations (name, name_bn, code) VALUES ('Dhaka North City Corporation', 'ঢাকা উত্তর সিটি কর্পোরেশন', 'DNCC') RETURNING id`,
    );
    const cityId = city.rows[0].id as string;
    await client.query(
      `INSERT INTO zones (city_corporation_id, number, name, name_bn)
       SELECT $1, z, 'Zone ' || z, 'অঞ্চল ' || z FROM generate_series(1, 5) z`,
      [cityId],
    );
    await client.query(
      `INSERT INTO wards (zone_id, city_corporation_id, number, name, name_bn)
       SELECT (SELECT id FROM zones WHERE number = ((w - 1) / 10) + 1), $1, w, 'Ward ' || w, 'ওয়ার্ড ' || w
         FROM generate_series(1, ${WARDS}) w`,
      [cityId],
    );
    const wards = await client.query(`SELECT id FROM wards ORDER BY number`);
    const wardIds = wards.rows.map((r) => r.id as string);

    await client.query(
      `INSERT INTO users (phone, name, password_hash, role, ward_id, is_verified, created_at)
       SELECT '017' || lpad(i::text, 8, '0'), 'নাগরিক ' || i, $1, 'citizen',
              (SELECT id FROM wards WHERE number = ((i - 1) % ${WARDS}) + 1), true,
              now() - (random() * interval '400 days')
         FROM generate_series(1, ${CITIZENS}) i`,
      [hash],
    );
    await client.query(
      `INSERT INTO users (phone, name, password_hash, role, is_verified)
       SELECT '018' || lpad(i::text, 8, '0'), 'কর্মকর্তা ' || i, $1, 'staff', true FROM generate_series(1, ${STAFF}) i`,
      [hash],
    );
    await client.query(
      `INSERT INTO users (phone, name, password_hash, role, is_verified) VALUES ($1, 'Admin', $2, 'admin', true)`,
      [ADMIN_PHONE, hash],
    );
    // Staff member i works in wards 2i-1..2i+1 (three wards, neighbours overlap), like ward officers sharing a zone.
    await client.query(
      `INSERT INTO staff_wards (user_id, ward_id)
       SELECT u.id, w.id
         FROM users u
         JOIN LATERAL (SELECT substr(u.phone, 4)::int AS n) s ON true
         JOIN wards w ON w.number BETWEEN 2 * s.n - 1 AND LEAST(2 * s.n + 1, ${WARDS})
        WHERE u.role = 'staff'`,
    );

    // The complaints (100,000 for the bench) over the past year, from random citizens in their home wards.
    await client.query(`
      CREATE TEMP TABLE seed_citizens ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY phone)::int AS n, id, ward_id FROM users WHERE role = 'citizen'`);
    await client.query(`
      CREATE TEMP TABLE seed_complaints ON COMMIT DROP AS
      SELECT gen_random_uuid() AS id, c.id AS user_id, c.ward_id, s.created_at, s.r1, s.r2, s.r3
        FROM (SELECT 1 + floor(random() * ${CITIZENS})::int AS n,
                     now() - (random() * interval '365 days') AS created_at,
                     (random() * 1000)::int AS r1, (random() * 1000)::int AS r2, (random() * 1000)::int AS r3
                FROM generate_series(1, ${COMPLAINTS})) s
        JOIN seed_citizens c ON c.n = s.n`);
    await client.query(`
      INSERT INTO complaints (id, tracking_number, user_id, title, description, category, priority, status, location,
                              ward_id, latitude, longitude, assigned_to_id, resolved_at, created_at, updated_at)
      SELECT s.id,
             'CC' || to_char(s.created_at AT TIME ZONE 'Asia/Dhaka', 'YYYYMMDD')
                  || lpad(row_number() OVER (PARTITION BY (s.created_at AT TIME ZONE 'Asia/Dhaka')::date ORDER BY s.created_at)::text, 4, '0'),
             s.user_id,
             (${sqlArray(TITLES)})[1 + s.r1 % ${TITLES.length}],
             (${sqlArray(DESCRIPTIONS)})[1 + s.r2 % ${DESCRIPTIONS.length}],
             (${sqlArray(CATEGORIES)})[1 + s.r1 % ${CATEGORIES.length}],
             (${sqlArray(PRIORITIES)})[1 + s.r2 % ${PRIORITIES.length}],
             CASE WHEN s.r3 < 200 THEN 'জমা দেওয়া হয়েছে' WHEN s.r3 < 450 THEN 'প্রক্রিয়াধীন'
                  WHEN s.r3 < 950 THEN 'সমাধান হয়েছে' ELSE 'বাতিল' END,
             (${sqlArray(LOCATIONS)})[1 + s.r3 % ${LOCATIONS.length}],
             s.ward_id,
             23.70 + (s.r1 / 10000.0), 90.35 + (s.r2 / 10000.0),
             NULL,
             CASE WHEN s.r3 BETWEEN 450 AND 949 THEN s.created_at + interval '1 day' * (1 + s.r1 % 9) END,
             s.created_at,
             s.created_at + CASE WHEN s.r3 >= 200 THEN interval '1 hour' * (1 + s.r2 % 200) ELSE interval '0' END
        FROM seed_complaints s`);
    await client.query(`
      INSERT INTO complaint_daily_counters (day, last)
      SELECT (created_at AT TIME ZONE 'Asia/Dhaka')::date, count(*) FROM complaints GROUP BY 1`);
    // Assign the open and resolved ones to a staff member of their ward.
    await client.query(`
      UPDATE complaints c SET assigned_to_id = sw.user_id
        FROM (SELECT DISTINCT ON (ward_id) ward_id, user_id FROM staff_wards ORDER BY ward_id, user_id) sw
       WHERE sw.ward_id = c.ward_id AND c.status IN ('প্রক্রিয়াধীন', 'সমাধান হয়েছে')`);
    // History: every complaint was submitted; the others moved on.
    await client.query(`
      INSERT INTO complaint_status_changes (complaint_id, from_status, to_status, changed_by_id, created_at)
      SELECT id, NULL, 'জমা দেওয়া হয়েছে', user_id, created_at FROM complaints`);
    await client.query(`
      INSERT INTO complaint_status_changes (complaint_id, from_status, to_status, changed_by_id, created_at)
      SELECT id, 'জমা দেওয়া হয়েছে', 'প্রক্রিয়াধীন', assigned_to_id, created_at + interval '2 hours'
        FROM complaints WHERE status IN ('প্রক্রিয়াধীন', 'সমাধান হয়েছে')`);
    await client.query(`
      INSERT INTO complaint_status_changes (complaint_id, from_status, to_status, changed_by_id, note, created_at)
      SELECT id, 'প্রক্রিয়াধীন', status, assigned_to_id, 'সমস্যার সমাধান করা হয়েছে', COALESCE(resolved_at, updated_at)
        FROM complaints WHERE status IN ('সমাধান হয়েছে', 'বাতিল')`);
    // Photos on about 40% of complaints (rows only: the bench never downloads them).
    await client.query(`
      INSERT INTO complaint_attachments (complaint_id, file_key, file_type, content_type, size, uploaded_at)
      SELECT c.id, 'private/complaints/bench/' || c.id || '-' || n || '.jpg', 'image', 'image/jpeg', 150000 + n * 1000, c.created_at
        FROM complaints c JOIN seed_complaints s ON s.id = c.id
        CROSS JOIN LATERAL generate_series(1, 1 + s.r2 % 2) n
       WHERE s.r1 < 400`);
    await client.query(`
      INSERT INTO complaint_reviews (complaint_id, user_id, rating, comment, created_at)
      SELECT c.id, c.user_id, 1 + (s.r2 % 5), 'ধন্যবাদ', c.resolved_at + interval '3 hours'
        FROM complaints c JOIN seed_complaints s ON s.id = c.id
       WHERE c.status = 'সমাধান হয়েছে' AND s.r1 < 600`);
    // Notices: 400 over the past year, a quarter city-wide, the rest for one to three wards; some expired.
    await client.query(`
      INSERT INTO notices (title, content, category, priority, all_wards, published_at, expires_at)
      SELECT 'নোটিশ ' || i || ': ' || (ARRAY['ময়লা সংগ্রহের সময় পরিবর্তন', 'পানি সরবরাহ বন্ধ থাকবে', 'মশক নিধন অভিযান', 'হোল্ডিং ট্যাক্স জমার শেষ তারিখ'])[1 + i % 4],
             'বিস্তারিত জানতে ওয়ার্ড কার্যালয়ে যোগাযোগ করুন। Details at the ward office.',
             (ARRAY['general', 'cleanliness', 'waste_collection', 'water_supply', 'tax_fees'])[1 + i % 5],
             (ARRAY['low', 'normal', 'normal', 'high', 'urgent'])[1 + i % 5],
             i % 4 = 0,
             now() - (i * interval '22 hours'),
             CASE WHEN i % 3 = 0 THEN now() - (i * interval '22 hours') + interval '30 days' END
        FROM generate_series(1, 400) i`);
    await client.query(`
      INSERT INTO notice_wards (notice_id, ward_id)
      SELECT DISTINCT n.id, w.id
        FROM notices n CROSS JOIN LATERAL generate_series(0, 2) k
        JOIN wards w ON w.number = 1 + ((abs(hashtext(n.id::text)) + k * 7) % ${WARDS})
       WHERE NOT n.all_wards`);
    // Collection schedules: two or three per ward.
    await client.query(`
      INSERT INTO waste_collection_schedules (ward_id, waste_types, weekdays, start_time, end_time, notes)
      SELECT w.id,
             CASE k WHEN 1 THEN ARRAY['household', 'organic'] WHEN 2 THEN ARRAY['recyclable'] ELSE ARRAY['hazardous', 'electronic'] END::varchar[],
             CASE k WHEN 1 THEN ARRAY[0, 2, 4] WHEN 2 THEN ARRAY[1, 5] ELSE ARRAY[3] END::smallint[],
             (ARRAY['07:00', '16:00', '10:00'])[k]::time, (ARRAY['09:00', '18:00', '12:00'])[k]::time,
             'বাসার সামনে ব্যাগে রাখুন'
        FROM wards w CROSS JOIN generate_series(1, 2 + (random() < 0.5)::int) k`);
    await client.query('COMMIT');
    await client.query('VACUUM ANALYZE');
    return { wardIds, seconds: (Date.now() - started) / 1000 };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}
