import type { SelectOption } from '@/components/ui/form-field';
import type { PhysioOption } from '@/db/queries/accounts';
import type { Role } from '@/db/schema';

export const ROLE_LABEL: Record<Role, string> = {
  admin: 'Admin',
  physio: 'Physio',
  patient: 'Patient',
};

/** The physiotherapists as a select's options, after an empty one; a deactivated one says so. */
export function physioOptions(physios: PhysioOption[], none: string): SelectOption[] {
  return [
    { value: '', label: none },
    ...physios.map((physio) => ({
      value: physio.id,
      label: physio.active ? physio.name : `${physio.name} (deactivated)`,
    })),
  ];
}
