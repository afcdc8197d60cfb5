import 'server-only';
import { and, asc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { patientProfiles, routines, users } from '@/db/schema';
import type { IsoDate } from '@/lib/dates';
import type { Actor } from './actor';

export interface CaseloadPatient {
  id: string;
  name: string;
  email: string;
  condition: string;
  dischargedOn: string | null;
  routineTitle: string | null;
  routineStart: string | null;
}

/** The signed-in physio's own patients; other physios' patients never appear. */
export async function listOwnPatients(actor: Actor, today: IsoDate): Promise<CaseloadPatient[]> {
  if (actor.role !== 'physio') return [];
  const db = await getDb();
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      condition: patientProfiles.condition,
      dischargedOn: patientProfiles.dischargedOn,
      routineTitle: routines.title,
      routineStart: routines.startDate,
    })
    .from(patientProfiles)
    .innerJoin(users, eq(users.id, patientProfiles.userId))
    .leftJoin(
      routines,
      and(
        eq(routines.patientId, patientProfiles.userId),
        lte(routines.startDate, today),
        or(isNull(routines.endDate), gte(routines.endDate, today)),
      ),
    )
    .where(eq(patientProfiles.physioId, actor.id))
    .orderBy(asc(users.name));
}
