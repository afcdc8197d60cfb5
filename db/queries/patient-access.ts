import 'server-only';
import { and, eq, type SQL } from 'drizzle-orm';
import { patientProfiles } from '@/db/schema';
import type { Actor } from './actor';

/**
 * The one rule for whose clinical records a user may see, as a condition on patient_profiles:
 * a patient only their own, a physio only the patients assigned to them, an admin everyone.
 */
export function visiblePatients(actor: Actor): SQL | undefined {
  switch (actor.role) {
    case 'patient':
      return eq(patientProfiles.userId, actor.id);
    case 'physio':
      return eq(patientProfiles.physioId, actor.id);
    case 'admin':
      return undefined;
  }
}

export function visiblePatient(actor: Actor, patientId: string): SQL | undefined {
  return and(eq(patientProfiles.userId, patientId), visiblePatients(actor));
}
