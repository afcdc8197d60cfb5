import 'server-only';
import { and, asc, count, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/db/client';
import {
  exercises,
  outcomeResponses,
  painReports,
  patientProfiles,
  routineItems,
  routines,
  users,
} from '@/db/schema';
import type { IsoDate } from '@/lib/dates';
import type { Resource } from '@medplum/fhirtypes';
import {
  everythingOf,
  resourceInRecord,
  searchRecord,
  type ReadType,
  type RecordReadType,
} from '@/lib/fhir/bundle';
import {
  parseOutcomeScoreObservationId,
  questionnaireId,
  toQuestionnaire,
} from '@/lib/fhir/outcomes';
import {
  parseAdherenceObservationId,
  parseProcedureId,
  toActivityDefinition,
  toGoal,
  toPatient,
  toPractitioner,
  type FhirExerciseRow,
  type FhirPatientRow,
  type FhirPractitionerRow,
} from '@/lib/fhir/resources';
import type { SearchQuery } from '@/lib/fhir/search';
import { auditedActor, type Actor } from './actor';
import { recordAudit } from './audit';
import { getFhirPatientRecord, patientColumns } from './fhir-record';
import { availableDefinitions } from './outcome-definitions';
import { visiblePatient, visiblePatients } from './patient-access';

export { getFhirPatientRecord, type FhirPatientRecord } from './fhir-record';

/*
 * The rows behind the FHIR R4 API (app/fhir/R4), with the app's one rule of who sees whom
 * (patient-access.ts): a patient themselves, a physio their own caseload, an admin everyone.
 * Whatever the actor may not see is null or left out, never an error.
 */

/** The patients the actor may see, by name, a page at a time; `ids` narrows them (`_id`). */
export async function listFhirPatients(
  actor: Actor,
  options: { ids?: string[]; count: number; offset: number },
): Promise<{ rows: FhirPatientRow[]; total: number }> {
  const db = await getDb();
  const where = and(
    visiblePatients(actor),
    options.ids ? inArray(patientProfiles.userId, options.ids) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select(patientColumns)
      .from(patientProfiles)
      .innerJoin(users, eq(users.id, patientProfiles.userId))
      .where(where)
      .orderBy(asc(users.name), asc(users.id))
      .limit(options.count)
      .offset(options.offset),
    db.select({ n: count() }).from(patientProfiles).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function getFhirPatient(actor: Actor, id: string): Promise<FhirPatientRow | null> {
  const db = await getDb();
  const [row] = await db
    .select(patientColumns)
    .from(patientProfiles)
    .innerJoin(users, eq(users.id, patientProfiles.userId))
    .where(visiblePatient(actor, id));
  return row ?? null;
}

/**
 * A physio (or admin) account the actor may see as a Practitioner: their own, an admin's view of
 * any staff account, or the physio who looks after, or wrote a programme of, a visible patient.
 */
export async function getFhirPractitioner(
  actor: Actor,
  id: string,
): Promise<FhirPractitionerRow | null> {
  const db = await getDb();
  const relatedToVisiblePatient = sql`exists (
    select 1 from ${patientProfiles}
    where (${patientProfiles.physioId} = ${users.id}
           or exists (select 1 from ${routines}
                      where ${routines.patientId} = ${patientProfiles.userId}
                        and ${routines.createdBy} = ${users.id}))
      and ${visiblePatients(actor) ?? sql`true`})`;
  const [row] = await db
    .select({ id: users.id, name: users.name, email: users.email, active: users.active })
    .from(users)
    .where(
      and(
        eq(users.id, id),
        inArray(users.role, ['physio', 'admin']),
        actor.role === 'admin' ? undefined : or(eq(users.id, actor.id), relatedToVisiblePatient),
      ),
    );
  return row ?? null;
}

export const exerciseColumns = {
  id: exercises.id,
  name: exercises.name,
  instructions: exercises.instructions,
  archived: exercises.archived,
  mediaUrl: exercises.mediaUrl,
};

/**
 * A library exercise as an ActivityDefinition: for an admin any; for a physio the shipped library,
 * their own and those in their patients' programmes; for a patient those in their own programmes.
 */
export async function getFhirExercise(actor: Actor, id: string): Promise<FhirExerciseRow | null> {
  const db = await getDb();
  const inVisibleProgramme = sql`exists (
    select 1 from ${routineItems}
    inner join ${routines} on ${routines.id} = ${routineItems.routineId}
    inner join ${patientProfiles} on ${patientProfiles.userId} = ${routines.patientId}
    where ${routineItems.exerciseId} = ${exercises.id}
      and ${visiblePatients(actor) ?? sql`true`})`;
  const scope: SQL | undefined =
    actor.role === 'admin'
      ? undefined
      : actor.role === 'physio'
        ? or(
            sql`${exercises.authorId} is null`,
            eq(exercises.authorId, actor.id),
            inVisibleProgramme,
          )
        : inVisibleProgramme;
  const [row] = await db
    .select(exerciseColumns)
    .from(exercises)
    .where(and(eq(exercises.id, id), scope));
  return row ?? null;
}

/**
 * The patient a routine, pain report, routine item or completed questionnaire belongs to (no
 * visibility check).
 */
export async function ownerOf(
  kind: 'routine' | 'pain' | 'item' | 'outcome',
  id: string,
): Promise<string | undefined> {
  const db = await getDb();
  if (kind === 'outcome') {
    const [row] = await db
      .select({ patientId: outcomeResponses.patientId })
      .from(outcomeResponses)
      .where(eq(outcomeResponses.id, id));
    return row?.patientId;
  }
  if (kind === 'routine') {
    const [row] = await db
      .select({ patientId: routines.patientId })
      .from(routines)
      .where(eq(routines.id, id));
    return row?.patientId;
  }
  if (kind === 'pain') {
    const [row] = await db
      .select({ patientId: painReports.patientId })
      .from(painReports)
      .where(eq(painReports.id, id));
    return row?.patientId;
  }
  const [row] = await db
    .select({ patientId: routines.patientId })
    .from(routineItems)
    .innerJoin(routines, eq(routines.id, routineItems.routineId))
    .where(eq(routineItems.id, id));
  return row?.patientId;
}

/**
 * Writes one FHIR read to the audit log (who, which interaction on which type, which patient),
 * like every other export. Nothing clinical goes in the entry.
 */
export async function recordFhirRead(
  actor: Actor,
  read: { interaction: string; type: string; patientId?: string | null },
): Promise<void> {
  const db = await getDb();
  const { actorId, via } = auditedActor(actor);
  await recordAudit(db, {
    actorId,
    action: 'export.fhir',
    targetType: read.patientId ? 'patient' : 'report',
    targetId: read.patientId ?? undefined,
    ip: actor.ip,
    details: { interaction: read.interaction, type: read.type, ...via },
  });
}

// ---------------------------------------------------------------------------------------------
// The API's interactions, as FHIR resources (lib/fhir maps the rows).

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isUuid = (id: string) => uuidPattern.test(id);

/** Whose record holds `type/id`: the patient of the row the id names, or the patient in the id. */
async function recordOwnerOf(type: RecordReadType, id: string): Promise<string | undefined> {
  switch (type) {
    case 'CarePlan':
      return isUuid(id) ? ownerOf('routine', id) : undefined;
    case 'Observation': {
      if (isUuid(id)) return ownerOf('pain', id);
      const responseId = parseOutcomeScoreObservationId(id);
      return responseId
        ? ownerOf('outcome', responseId)
        : parseAdherenceObservationId(id)?.patientId;
    }
    case 'QuestionnaireResponse':
      return isUuid(id) ? ownerOf('outcome', id) : undefined;
    case 'Procedure': {
      const key = parseProcedureId(id);
      return key ? ownerOf('item', key.routineItemId) : undefined;
    }
  }
}

/** The resource `type/id` as the actor may see it, or null (not there, or not theirs to see). */
export async function readFhirResource(
  actor: Actor,
  type: ReadType,
  id: string,
  today: IsoDate,
): Promise<{ resource: Resource; patientId: string | null } | null> {
  switch (type) {
    case 'Patient':
    case 'Goal': {
      if (!isUuid(id)) return null;
      const row = await getFhirPatient(actor, id);
      const resource = row && (type === 'Patient' ? toPatient(row) : toGoal(row));
      return resource ? { resource, patientId: row.id } : null;
    }
    case 'Practitioner': {
      if (!isUuid(id)) return null;
      const row = await getFhirPractitioner(actor, id);
      return row ? { resource: toPractitioner(row), patientId: null } : null;
    }
    case 'ActivityDefinition': {
      if (!isUuid(id)) return null;
      const row = await getFhirExercise(actor, id);
      return row ? { resource: toActivityDefinition(row), patientId: null } : null;
    }
    case 'Questionnaire': {
      // A definition holds no patient data: every caller may read every version.
      const { all } = await availableDefinitions(actor);
      const definition = all.find((d) => questionnaireId(d) === id);
      return definition ? { resource: toQuestionnaire(definition), patientId: null } : null;
    }
    case 'CarePlan':
    case 'Observation':
    case 'Procedure':
    case 'QuestionnaireResponse': {
      const patientId = await recordOwnerOf(type, id);
      const found = patientId ? await getFhirPatientRecord(actor, patientId, today) : null;
      const resource = found && resourceInRecord(found, type, id, today);
      return found && resource ? { resource, patientId: found.patient.id } : null;
    }
  }
}

/**
 * One page of a search. A patient the actor may not see has, to them, no records: the result is
 * empty, as for a patient with none.
 */
export async function searchFhir(
  actor: Actor,
  query: SearchQuery,
  today: IsoDate,
): Promise<{ resources: Resource[]; total: number }> {
  if (query.type === 'Patient') {
    const { rows, total } = await listFhirPatients(actor, query);
    return { resources: rows.map(toPatient), total };
  }
  if (query.type === 'Questionnaire') {
    const { all } = await availableDefinitions(actor);
    return {
      resources: all.slice(query.offset, query.offset + query.count).map(toQuestionnaire),
      total: all.length,
    };
  }
  const found = query.patientId ? await getFhirPatientRecord(actor, query.patientId, today) : null;
  if (!found) return { resources: [], total: 0 };
  const all = searchRecord(found, query, today);
  return { resources: all.slice(query.offset, query.offset + query.count), total: all.length };
}

/** Everything about one patient (`Patient/{id}/$everything`), or null if not visible. */
export async function patientEverything(
  actor: Actor,
  patientId: string,
  today: IsoDate,
): Promise<Resource[] | null> {
  if (!isUuid(patientId)) return null;
  const found = await getFhirPatientRecord(actor, patientId, today);
  return found ? everythingOf(found, today) : null;
}

/**
 * The patient's own record as FHIR resources, for "Download my data" (HIPAA right of access, GDPR
 * Articles 15 and 20); audited like every export. Null for anyone but a patient.
 */
export async function exportOwnRecord(actor: Actor, today: IsoDate): Promise<Resource[] | null> {
  if (actor.role !== 'patient') return null;
  const found = await getFhirPatientRecord(actor, actor.id, today);
  if (!found) return null;
  await recordFhirRead(actor, { interaction: 'download', type: 'Patient', patientId: actor.id });
  return everythingOf(found, today);
}
