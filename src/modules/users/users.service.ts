import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Brackets, In, Repository } from 'typeorm';
import type { Role } from '../../common/auth/roles.js';
import { DomainEvents } from '../../common/events/domain-event.js';
import { FieldValidationException, NON_FIELD_ERRORS, NotFoundError } from '../../common/http/api-errors.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import { doesNotExist, rethrowUniqueAsFieldError } from '../../common/validation/db-errors.js';
import { likePattern } from '../../common/validation/search.js';
import { TransactionRunner } from '../../database/unit-of-work.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AuditService } from '../audit/audit.service.js';
import { Ward } from '../geography/ward.entity.js';
import { detectFileType } from '../storage/file-types.js';
import { ImageProcessor } from '../storage/image-processor.js';
import { StorageService } from '../storage/storage.service.js';
import type { AdminUpdateUserDto, AdminUserQuery, RegisterDeviceDto, UpdateMeDto } from './dto/users.dto.js';
import type { DeviceResponse, UserResponse } from './dto/users.response.js';
import { PasswordHasher } from './password-hasher.js';
import { UserDevice } from './user-device.entity.js';
import { User } from './user.entity.js';
import { UserAccessChanged } from './users.events.js';
import { mapDevice, mapUser } from './users.mapper.js';

export interface NewUser {
  phone: string;
  name: string;
  password: string;
  email?: string | null;
  role?: Role;
}

const USER_UNIQUE: Record<string, [string, string]> = {
  uq_users_phone: ['phone', 'A user with this phone number already exists.'],
  uq_users_email: ['email', 'A user with this email already exists.'],
};

/** Accounts kept this long after their owner deactivates them, then anonymised. */
export const DEACTIVATED_RETENTION_DAYS = 30;

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(UserDevice) private readonly devices: Repository<UserDevice>,
    @InjectRepository(Ward) private readonly wards: Repository<Ward>,
    private readonly hasher: PasswordHasher,
    private readonly tx: TransactionRunner,
    private readonly events: DomainEvents,
    private readonly storage: StorageService,
    private readonly images: ImageProcessor,
    private readonly audit: AuditService,
  ) {}

  // --- accounts ------------------------------------------------------------------
  /** Creates an account; a taken phone or email is a 400 keyed by that field. */
  async create(input: NewUser): Promise<User> {
    const passwordHash = await this.hasher.hash(input.password);
    const entity = this.users.create({
      phone: input.phone,
      name: input.name,
      email: input.email?.toLowerCase() ?? null,
      passwordHash,
      role: input.role ?? 'citizen',
    });
    try {
      await this.users.insert(entity);
    } catch (err) {
      rethrowUniqueAsFieldError(err, USER_UNIQUE);
    }
    return this.getEntity(entity.id);
  }

  /** The user with their password hash, for checking credentials. */
  findByPhoneWithPassword(phone: string): Promise<User | null> {
    return this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.phone = :phone', { phone }).getOne();
  }

  async findWithPassword(id: string): Promise<User | null> {
    return this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id }).getOne();
  }

  /** The user with their staff wards; 404 when there is no such user. */
  async getEntity(id: string): Promise<User> {
    const user = await this.users.findOne({ where: { id }, relations: { wards: true } });
    if (!user) throw new NotFoundError();
    return user;
  }

  async profile(id: string): Promise<UserResponse> {
    return this.toResponse(await this.getEntity(id));
  }

  toResponse(user: User): UserResponse {
    return mapUser(user, (key) => this.storage.publicUrl(key));
  }

  async setPassword(userId: string, password: string): Promise<void> {
    await this.users.update({ id: userId }, { passwordHash: await this.hasher.hash(password) });
  }

  async markVerified(userId: string): Promise<void> {
    await this.users.update({ id: userId }, { isVerified: true });
  }

  async recordLogin(user: User): Promise<User> {
    const patch: Partial<User> = { lastLoginAt: new Date() };
    // Logging in within the retention window restores a self-deactivated account.
    if (!user.isActive && user.deactivatedAt) Object.assign(patch, { isActive: true, deactivatedAt: null });
    await this.users.update({ id: user.id }, patch);
    return Object.assign(user, patch);
  }

  // --- the caller's own profile ---------------------------------------------------------
  async updateMe(userId: string, dto: UpdateMeDto): Promise<UserResponse> {
    const user = await this.getEntity(userId);
    if (dto.ward !== undefined && dto.ward !== null && !(await this.wards.existsBy({ id: dto.ward }))) {
      throw FieldValidationException.of('ward', doesNotExist(dto.ward));
    }
    const patch: Partial<User> = {};
    if (dto.name !== undefined) patch.name = dto.name;
    if (dto.email !== undefined) patch.email = dto.email;
    if (dto.address !== undefined) patch.address = dto.address || null;
    if (dto.ward !== undefined) patch.wardId = dto.ward;
    if (dto.language !== undefined) patch.language = dto.language;
    if (Object.keys(patch).length) {
      await this.users.update({ id: user.id }, patch).catch((err) => rethrowUniqueAsFieldError(err, USER_UNIQUE));
    }
    return this.profile(userId);
  }

  /** Replaces the avatar with a 512×512 WebP made from the upload (metadata stripped). */
  async setAvatar(userId: string, upload: Buffer): Promise<UserResponse> {
    const user = await this.getEntity(userId);
    await detectFileType(upload, ['image']);
    const image = await this.images.thumbnail(upload, 512);
    const key = this.storage.newKey('avatars', image.ext, true);
    await this.storage.put(key, image.buffer, image.mime);
    await this.users.update({ id: userId }, { avatarKey: key });
    await this.storage.deleteQuietly([user.avatarKey]);
    return this.profile(userId);
  }

  /** The owner deactivates the account: every login ends now; data is kept 30 days. */
  async deactivateMe(me: AuthUser): Promise<void> {
    await this.tx.run(me.origin, async (uow) => {
      const user = await uow.manager.findOneByOrFail(User, { id: me.id });
      const tokenVersion = user.tokenVersion + 1;
      await uow.manager.update(User, { id: me.id }, { isActive: false, deactivatedAt: new Date(), tokenVersion });
      await this.events.publish(uow, new UserAccessChanged(me.id, tokenVersion, true));
    });
  }

  // --- devices -------------------------------------------------------------------------
  /** Registers a push token; a token seen on another account moves to this one. */
  async registerDevice(userId: string, dto: RegisterDeviceDto): Promise<DeviceResponse> {
    await this.devices
      .createQueryBuilder()
      .insert()
      .into(UserDevice)
      .values({ userId, token: dto.token, platform: dto.platform })
      .orUpdate(['user_id', 'platform', 'updated_at'], ['token'])
      .execute();
    const device = await this.devices.findOneByOrFail({ token: dto.token });
    return mapDevice(device);
  }

  async listDevices(userId: string): Promise<DeviceResponse[]> {
    const rows = await this.devices.find({ where: { userId }, order: { updatedAt: 'DESC' } });
    return rows.map(mapDevice);
  }

  async removeDevice(userId: string, deviceId: string): Promise<void> {
    const result = await this.devices.delete({ id: deviceId, userId });
    if (!result.affected) throw new NotFoundError();
  }

  // --- administration ----------------------------------------------------------------------
  async list(request: FastifyRequest, query: AdminUserQuery): Promise<Page<UserResponse>> {
    const window = pageWindow(query);
    const qb = this.users.createQueryBuilder('u').orderBy('u.createdAt', 'DESC').addOrderBy('u.id', 'DESC');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.is_active !== undefined) qb.andWhere('u.isActive = :active', { active: query.is_active });
    if (query.ward) {
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('u.wardId = :ward')
            .orWhere('EXISTS (SELECT 1 FROM staff_wards sw WHERE sw.user_id = u.id AND sw.ward_id = :ward)'),
        ),
        { ward: query.ward },
      );
    }
    if (query.search?.trim()) {
      const pattern = likePattern(query.search.trim());
      qb.andWhere(
        new Brackets((w) => w.where('u.name ILIKE :pattern').orWhere('u.phone ILIKE :pattern').orWhere('u.email ILIKE :pattern')),
        { pattern },
      );
    }
    const [rows, count] = await qb.skip(window.offset).take(window.pageSize).getManyAndCount();
    await this.attachWards(rows);
    return toPage(
      request,
      window,
      count,
      rows.map((u) => this.toResponse(u)),
    );
  }

  /** Changes role, wards or active state. Older tokens of the user stop working at once. */
  async adminUpdate(actor: AuthUser, userId: string, dto: AdminUpdateUserDto): Promise<UserResponse> {
    if (userId === actor.id && ((dto.role !== undefined && dto.role !== 'admin') || dto.is_active === false)) {
      throw FieldValidationException.of(NON_FIELD_ERRORS, 'You cannot remove your own admin role or deactivate yourself.');
    }
    if (dto.wards?.length) {
      const found = await this.wards.findBy({ id: In(dto.wards) });
      const missing = dto.wards.filter((id) => !found.some((w) => w.id === id));
      if (missing.length) throw FieldValidationException.of('wards', ...missing.map(doesNotExist));
    }
    await this.tx.run(actor.origin, async (uow) => {
      const user = await uow.manager.findOne(User, { where: { id: userId }, relations: { wards: true } });
      if (!user) throw new NotFoundError();
      const role = dto.role ?? user.role;
      const wardIds = role === 'citizen' ? [] : (dto.wards ?? (user.wards ?? []).map((w) => w.id));
      if (role === 'citizen' && dto.wards?.length) {
        throw FieldValidationException.of('wards', 'Only staff members and admins have wards.');
      }
      const isActive = dto.is_active ?? user.isActive;
      // An admin's is_active replaces the owner's own deactivation: a disabled
      // account is not restored by logging in (only self-deactivation is).
      const deactivatedAt = dto.is_active === undefined ? user.deactivatedAt : null;
      const changed =
        role !== user.role ||
        isActive !== user.isActive ||
        deactivatedAt !== user.deactivatedAt ||
        !sameSet(
          wardIds,
          (user.wards ?? []).map((w) => w.id),
        );
      if (!changed) return;
      const oldWardIds = (user.wards ?? []).map((w) => w.id);
      const change = this.audit.track(uow, User, user, { wards: [...oldWardIds].sort() });
      const tokenVersion = user.tokenVersion + 1;
      await uow.manager.update(User, { id: userId }, { role, isActive, tokenVersion, deactivatedAt });
      await uow.manager.createQueryBuilder().relation(User, 'wards').of(userId).addAndRemove(wardIds, oldWardIds);
      await change.updated(Object.assign(user, { role, isActive, deactivatedAt }), { wards: [...wardIds].sort() });
      await this.events.publish(uow, new UserAccessChanged(userId, tokenVersion, !isActive));
    });
    return this.profile(userId);
  }

  /** Anonymises accounts deactivated by their owners more than 30 days ago; returns how many. */
  async purgeDeactivated(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - DEACTIVATED_RETENTION_DAYS * 86_400_000);
    const stale = await this.users
      .createQueryBuilder('u')
      .where('u.isActive = false AND u.deactivatedAt IS NOT NULL AND u.deactivatedAt < :cutoff', { cutoff })
      .andWhere("u.phone NOT LIKE 'deleted:%'")
      .getMany();
    for (const user of stale) {
      await this.users.update(
        { id: user.id },
        { phone: `deleted:${user.id}`, name: 'Deleted user', email: null, address: null, avatarKey: null, passwordHash: '!' },
      );
      await this.devices.delete({ userId: user.id });
      await this.storage.deleteQuietly([user.avatarKey]);
    }
    return stale.length;
  }

  /** Staff ward ids of many users in one query (lists stay at two queries plus this one). */
  private async attachWards(users: User[]): Promise<void> {
    const staff = users.filter((u) => u.role !== 'citizen');
    for (const u of users) u.wards = [];
    if (!staff.length) return;
    const rows: Array<{ user_id: string; ward_id: string }> = await this.users.query(
      'SELECT user_id, ward_id FROM staff_wards WHERE user_id = ANY($1::uuid[])',
      [staff.map((u) => u.id)],
    );
    const byUser = new Map(staff.map((u) => [u.id, u]));
    for (const r of rows) byUser.get(r.user_id)?.wards?.push({ id: r.ward_id } as Ward);
  }
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
