import pg from 'pg';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

const UUID = '00000000-0000-4000-8000-000000000001';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Every node of a plan tree. */
function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

/**
 * Every filter and ordering the list endpoints offer can be answered from an
 * index: with sequential scans priced out (`enable_seqscan = off`), EXPLAIN
 * of the predicate the repository builds reads the table through one of the
 * indexes meant for it, and never scans it whole. (On a small test table the
 * planner would rightly prefer a sequential scan; the question here is
 * whether an index *can* serve the query, which is what matters at volume —
 * `npm run bench` measures it on 100,000 complaints.)
 */
describe('query plans: every list filter has an index', () => {
  let db: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query('SET enable_seqscan = off');
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  const cases: Array<[string, string, string, string[]]> = [
    // [what, table, SQL, indexes that may serve it]
    [
      'complaints: a citizen’s own, newest first',
      'complaints',
      `SELECT id FROM complaints c WHERE c.user_id = '${UUID}' ORDER BY c.created_at DESC LIMIT 20`,
      ['idx_complaints_user_created'],
    ],
    [
      'complaints: category',
      'complaints',
      `SELECT id FROM complaints c WHERE c.category = 'পরিচ্ছন্নতা' ORDER BY c.created_at DESC LIMIT 20`,
      ['idx_complaints_category_created'],
    ],
    [
      'complaints: status',
      'complaints',
      `SELECT id FROM complaints c WHERE c.status = 'প্রক্রিয়াধীন' ORDER BY c.created_at DESC LIMIT 20`,
      ['idx_complaints_status_created'],
    ],
    [
      'complaints: priority',
      'complaints',
      `SELECT id FROM complaints c WHERE c.priority = 'উচ্চ' ORDER BY c.created_at DESC LIMIT 20`,
      ['idx_complaints_priority_created', 'idx_complaints_open_priority_created'],
    ],
    [
      'complaints: ward',
      'complaints',
      `SELECT id FROM complaints c WHERE c.ward_id = '${UUID}' ORDER BY c.created_at DESC LIMIT 20`,
      ['idx_complaints_ward_created', 'idx_complaints_ward_status_created'],
    ],
    [
      'complaints: a staff member’s wards + status',
      'complaints',
      `SELECT id FROM complaints c WHERE c.ward_id = ANY(ARRAY['${UUID}']::uuid[]) AND c.status = 'প্রক্রিয়াধীন' ORDER BY c.created_at DESC LIMIT 20`,
      ['idx_complaints_ward_status_created', 'idx_complaints_ward_created', 'idx_complaints_status_created'],
    ],
    [
      'complaints: assignee',
      'complaints',
      `SELECT id FROM complaints c WHERE c.assigned_to_id = '${UUID}' ORDER BY c.created_at DESC LIMIT 20`,
      ['idx_complaints_assigned_created'],
    ],
    [
      'complaints: Bengali search in title or description',
      'complaints',
      `SELECT count(*) FROM complaints c WHERE (c.title ILIKE '%ময়লা%' OR c.description ILIKE '%ময়লা%')`,
      ['idx_complaints_title_trgm', 'idx_complaints_description_trgm'],
    ],
    [
      'complaints: ordering by updated_at',
      'complaints',
      `SELECT id FROM complaints c ORDER BY c.updated_at DESC, c.id DESC LIMIT 20`,
      ['idx_complaints_updated_at'],
    ],
    [
      'complaints: ordering by created_at',
      'complaints',
      `SELECT id FROM complaints c ORDER BY c.created_at DESC, c.id DESC LIMIT 20`,
      ['idx_complaints_created_at'],
    ],
    [
      'complaints: tracking number',
      'complaints',
      `SELECT id FROM complaints WHERE tracking_number = 'CC202611250001'`,
      ['uq_complaints_tracking_number'],
    ],
    [
      'complaint history',
      'complaint_status_changes',
      `SELECT id FROM complaint_status_changes WHERE complaint_id = '${UUID}' ORDER BY created_at`,
      ['idx_complaint_status_changes_complaint'],
    ],
    [
      'payments: a user’s own',
      'payments',
      `SELECT id FROM payments WHERE user_id = '${UUID}' ORDER BY created_at DESC LIMIT 20`,
      ['idx_payments_user_created'],
    ],
    [
      'payments: status',
      'payments',
      `SELECT id FROM payments WHERE status = 'pending' ORDER BY created_at DESC LIMIT 20`,
      ['idx_payments_status_created'],
    ],
    [
      'payments: method',
      'payments',
      `SELECT id FROM payments WHERE payment_method = 'bkash' ORDER BY created_at DESC LIMIT 20`,
      ['idx_payments_method_created', 'uq_payments_gateway_payment'],
    ],
    [
      'notifications: a user’s list',
      'notifications',
      `SELECT id FROM notifications WHERE user_id = '${UUID}' ORDER BY created_at DESC LIMIT 20`,
      ['idx_notifications_user_created'],
    ],
    [
      'notifications: unread count',
      'notifications',
      `SELECT count(*) FROM notifications WHERE user_id = '${UUID}' AND read_at IS NULL`,
      ['idx_notifications_user_unread', 'idx_notifications_user_created'],
    ],
    [
      'notices: category',
      'notices',
      `SELECT id FROM notices WHERE category = 'general' ORDER BY published_at DESC LIMIT 20`,
      ['idx_notices_category_published_at'],
    ],
    [
      'notices: priority',
      'notices',
      `SELECT id FROM notices WHERE priority = 'urgent' ORDER BY published_at DESC LIMIT 20`,
      ['idx_notices_priority_published_at'],
    ],
    [
      'notices: a ward’s',
      'notice_wards',
      `SELECT notice_id FROM notice_wards WHERE ward_id = '${UUID}'`,
      ['idx_notice_wards_ward'],
    ],
    [
      'emergency requests: status',
      'emergency_requests',
      `SELECT id FROM emergency_requests WHERE status = 'জমা দেওয়া হয়েছে' ORDER BY created_at DESC LIMIT 20`,
      ['idx_emergency_requests_status_created'],
    ],
    [
      'emergency requests: ward',
      'emergency_requests',
      `SELECT id FROM emergency_requests WHERE ward_id = '${UUID}' ORDER BY created_at DESC LIMIT 20`,
      ['idx_emergency_requests_ward_created'],
    ],
    [
      'pickup requests: status',
      'waste_pickup_requests',
      `SELECT id FROM waste_pickup_requests WHERE status = 'pending' ORDER BY created_at DESC LIMIT 20`,
      ['idx_waste_pickups_status_created'],
    ],
    [
      'chat: a thread’s messages',
      'chat_messages',
      `SELECT id FROM chat_messages WHERE conversation_id = '${UUID}' ORDER BY created_at DESC, id DESC LIMIT 100`,
      ['idx_chat_messages_conversation_created'],
    ],
    [
      'chat: a ward’s threads',
      'conversations',
      `SELECT id FROM conversations WHERE ward_id = '${UUID}' ORDER BY last_message_at DESC LIMIT 20`,
      ['idx_conversations_ward_last_message'],
    ],
    [
      'audit log: actor',
      'audit_logs',
      `SELECT id FROM audit_logs WHERE actor_id = '${UUID}' ORDER BY created_at DESC LIMIT 20`,
      ['idx_audit_logs_actor_created_at'],
    ],
    [
      'audit log: entity',
      'audit_logs',
      `SELECT id FROM audit_logs WHERE entity_type = 'complaint' AND entity_id = '${UUID}' ORDER BY created_at DESC LIMIT 20`,
      ['idx_audit_logs_entity_created_at'],
    ],
    ['users: search by name', 'users', `SELECT id FROM users WHERE name ILIKE '%রহিম%'`, ['idx_users_name_trgm']],
    [
      'users: role',
      'users',
      `SELECT id FROM users WHERE role = 'staff' ORDER BY created_at DESC LIMIT 20`,
      ['idx_users_role', 'idx_users_created_at'],
    ],
    [
      'gallery: category',
      'gallery_photos',
      `SELECT id FROM gallery_photos WHERE category = 'events' ORDER BY created_at DESC LIMIT 20`,
      ['idx_gallery_photos_category_created_at'],
    ],
  ];

  it.each(cases)('%s', async (_what, table, sql, indexes) => {
    const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${sql}`);
    const nodes = nodesOf((rows[0]['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0].Plan);
    const seqScans = nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === table);
    expect(seqScans).toEqual([]);
    const used = nodes.map((n) => n['Index Name']).filter((n): n is string => !!n);
    expect(used.filter((name) => indexes.includes(name))).not.toEqual([]);
  });
});
