import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Language } from './user.entity.js';

/** Someone to notify: the id and the language their texts are rendered in. */
export interface Recipient {
  id: string;
  language: Language;
}

/**
 * Who to alert, assign or ask: staff by ward, admins, a user's home ward and
 * language. For alerts and assignment: Staff with no wards cover every
 * ward (the contract's rule); inactive accounts are never picked. Each query
 * takes the caller's EntityManager so it reads inside the caller's transaction.
 */
export const UserDirectory = {
  /** Active staff whose wards include `wardId`, plus staff with no wards; every active staff member when `wardId` is null. */
  staffCoveringWard(manager: EntityManager, wardId: string | null): Promise<Recipient[]> {
    return manager.query(
      `SELECT u.id, u.language FROM users u
        WHERE u.role = 'staff' AND u.is_active
          AND ($1::uuid IS NULL
               OR EXISTS (SELECT 1 FROM staff_wards sw WHERE sw.user_id = u.id AND sw.ward_id = $1)
               OR NOT EXISTS (SELECT 1 FROM staff_wards sw WHERE sw.user_id = u.id))
        ORDER BY u.id`,
      [wardId],
    );
  },

  /** Active staff who have `wardId` among their wards (not the city-wide ones). */
  staffOfWard(manager: EntityManager, wardId: string): Promise<Recipient[]> {
    return manager.query(
      `SELECT u.id, u.language FROM users u
        WHERE u.role = 'staff' AND u.is_active
          AND EXISTS (SELECT 1 FROM staff_wards sw WHERE sw.user_id = u.id AND sw.ward_id = $1)
        ORDER BY u.id`,
      [wardId],
    );
  },

  /** Active staff with no wards: they cover the whole city. */
  cityWideStaff(manager: EntityManager): Promise<Recipient[]> {
    return manager.query(
      `SELECT u.id, u.language FROM users u
        WHERE u.role = 'staff' AND u.is_active
          AND NOT EXISTS (SELECT 1 FROM staff_wards sw WHERE sw.user_id = u.id)
        ORDER BY u.id`,
    );
  },

  /** Every active admin. */
  admins(manager: EntityManager): Promise<Recipient[]> {
    return manager.query(`SELECT u.id, u.language FROM users u WHERE u.role = 'admin' AND u.is_active ORDER BY u.id`);
  },

  /** The language of one user ('bn' when unknown). */
  async languageOf(manager: EntityManager, userId: string): Promise<Language> {
    const rows: Array<{ language: Language }> = await manager.query('SELECT language FROM users WHERE id = $1', [userId]);
    return rows[0]?.language ?? 'bn';
  },

  /** A user's home ward, or null. */
  async homeWard(manager: EntityManager, userId: string): Promise<string | null> {
    const rows: Array<{ ward_id: string | null }> = await manager.query('SELECT ward_id FROM users WHERE id = $1', [userId]);
    return rows[0]?.ward_id ?? null;
  },
};

/**
 * Adds to a query on a request (alias `r`, relations `user` and `assignedTo`)
 * the requester's id, name and phone and the assignee's id and name — what a
 * responder needs to call back, and nothing else of either account.
 */
export function withRequesterAndAssignee<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return qb
    .leftJoin('r.user', 'u')
    .addSelect(['u.id', 'u.name', 'u.phone'])
    .leftJoin('r.assignedTo', 'a')
    .addSelect(['a.id', 'a.name']);
}
