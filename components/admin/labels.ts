import type { Role } from '@/db/schema';

export const ROLE_LABEL: Record<Role, string> = {
  admin: 'Admin',
  physio: 'Physio',
  patient: 'Patient',
};
