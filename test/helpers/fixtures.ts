import type { Role } from '../../src/common/auth/roles.js';
import { TokenService } from '../../src/modules/auth/token.service.js';
import { UsersService } from '../../src/modules/users/users.service.js';
import type { TestApp } from './test-app.js';

export interface Geography {
  cityId: string;
  zoneId: string;
  /** Two wards: staff works in ward[0]; citizens live in ward[0] unless said otherwise. */
  wardIds: [string, string];
}

/** One city corporation, one zone, two wards, written straight to the database. */
export async function seedGeography(t: TestApp): Promise<Geography> {
  const city = await t.db.query(
    `INSERT INTO city_corporations (name, name_bn, code) VALUES ('Dhaka North City Corporation', 'ঢাকা উত্তর সিটি কর্পোরেশন', 'DNCC') RETURNING id`,
  );
  const cityId = city.rows[0].id as string;
  const zone = await t.db.query(
    `INSERT INTO zones (city_corporation_id, number, name, name_bn) VALUES ($1, 1, 'Zone 1', 'অঞ্চল ১') RETURNING id`,
    [cityId],
  );
  const zoneId = zone.rows[0].id as string;
  const w1 = await t.db.query(
    `INSERT INTO wards (zone_id, city_corporation_id, number, name, name_bn) VALUES ($1, $2, 1, 'Ward 1', 'ওয়ার্ড ১') RETURNING id`,
    [zoneId, cityId],
  );
  const w2 = await t.db.query(
    `INSERT INTO wards (zone_id, city_corporation_id, number, name, name_bn) VALUES ($1, $2, 2, 'Ward 2', 'ওয়ার্ড ২') RETURNING id`,
    [zoneId, cityId],
  );
  return { cityId, zoneId, wardIds: [w1.rows[0].id, w2.rows[0].id] };
}

export interface TestUser {
  id: string;
  phone: string;
  name: string;
  password: string;
  role: Role;
  token: string;
  refreshToken: string;
}

let phoneCounter = 0;
/** A fresh valid Bangladeshi mobile number, different on every call. */
export function nextPhone(): string {
  phoneCounter += 1;
  const n = (process.pid * 1000 + phoneCounter) % 100_000_000;
  return `017${String(n).padStart(8, '0')}`;
}

export interface CreateUserOptions {
  role?: Role;
  wardId?: string | null;
  staffWardIds?: string[];
  password?: string;
  name?: string;
  phone?: string;
}

/** Creates a user through the real service and logs them in (tokens through the real token service). */
export async function createUser(t: TestApp, options: CreateUserOptions = {}): Promise<TestUser> {
  const users = t.app.get(UsersService);
  const tokens = t.app.get(TokenService);
  const password = options.password ?? 'correct-horse-1';
  const role = options.role ?? 'citizen';
  const created = await users.create({
    phone: options.phone ?? nextPhone(),
    name: options.name ?? `Test ${role}`,
    password,
    role,
  });
  if (options.wardId !== undefined) await t.db.query('UPDATE users SET ward_id = $1 WHERE id = $2', [options.wardId, created.id]);
  for (const wardId of options.staffWardIds ?? []) {
    await t.db.query('INSERT INTO staff_wards (user_id, ward_id) VALUES ($1, $2)', [created.id, wardId]);
  }
  const user = await users.getEntity(created.id);
  const pair = await tokens.startSession(user, { ip: '127.0.0.1', userAgent: 'jest' });
  return {
    id: user.id,
    phone: user.phone,
    name: user.name,
    password,
    role,
    token: pair.access_token,
    refreshToken: pair.refresh_token,
  };
}

export interface RoleUsers {
  citizen: TestUser;
  otherCitizen: TestUser;
  staff: TestUser;
  otherStaff: TestUser;
  admin: TestUser;
}

/** One user per role (and a second citizen and staff member for access checks), in the seeded wards. */
export async function createRoleUsers(t: TestApp, geo: Geography): Promise<RoleUsers> {
  return {
    citizen: await createUser(t, { role: 'citizen', wardId: geo.wardIds[0], name: 'Citizen One' }),
    otherCitizen: await createUser(t, { role: 'citizen', wardId: geo.wardIds[1], name: 'Citizen Two' }),
    staff: await createUser(t, { role: 'staff', staffWardIds: [geo.wardIds[0]], name: 'Staff Ward One' }),
    otherStaff: await createUser(t, { role: 'staff', staffWardIds: [geo.wardIds[1]], name: 'Staff Ward Two' }),
    admin: await createUser(t, { role: 'admin', name: 'Admin' }),
  };
}
