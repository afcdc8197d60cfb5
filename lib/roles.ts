/** Who uses Adhere, as the database's `role` enum spells it (db/schema.ts builds it from this). */
export const ROLES = ['admin', 'physio', 'patient'] as const;

export type Role = (typeof ROLES)[number];
