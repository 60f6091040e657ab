/** The three roles of the contract. `is_staff` in responses is true for staff and admin. */
export const ROLES = ['citizen', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isStaffRole = (role: Role): boolean => role === 'staff' || role === 'admin';
