import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { patientProfiles } from '@/db/schema';
import { DEFAULT_READING_PREFERENCES, type ReadingPreferences } from '@/lib/reading-preferences';
import type { ReadingPreferencesInput } from '@/lib/validation/reading-preferences';
import { notFound, ok, type Actor, type Outcome } from './actor';

/**
 * The signed-in patient's own text size and contrast. Anyone else (staff have no patient
 * profile) gets the defaults: these settings only ever change how a patient's own pages look.
 */
export async function getOwnReadingPreferences(actor: Actor): Promise<ReadingPreferences> {
  if (actor.role !== 'patient') return DEFAULT_READING_PREFERENCES;
  const db = await getDb();
  const [row] = await db
    .select({ textSize: patientProfiles.textSize, highContrast: patientProfiles.highContrast })
    .from(patientProfiles)
    .where(eq(patientProfiles.userId, actor.id));
  return row ?? DEFAULT_READING_PREFERENCES;
}

/** The patient changes their own reading settings; nobody else's, and staff none at all. */
export async function saveOwnReadingPreferences(
  actor: Actor,
  input: ReadingPreferencesInput,
): Promise<Outcome<ReadingPreferences>> {
  if (actor.role !== 'patient') return notFound;
  const db = await getDb();
  const [row] = await db
    .update(patientProfiles)
    .set({ textSize: input.textSize, highContrast: input.highContrast })
    .where(eq(patientProfiles.userId, actor.id))
    .returning({ textSize: patientProfiles.textSize, highContrast: patientProfiles.highContrast });
  return row ? ok(row) : notFound;
}
