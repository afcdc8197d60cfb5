import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { LOCK_NAMESPACE, lockForTransaction } from '@/db/advisory-locks';
import { getDb } from '@/db/client';
import { outcomeDefinitions, users } from '@/db/schema';
import {
  SHIPPED,
  SHIPPED_IDS,
  checkNewDefinition,
  parseDefinitionFile,
} from '@/lib/outcome-measures';
import { definitionKey, type Definition } from '@/lib/outcome-measures/definition';
import { parseDefinition } from '@/lib/outcome-measures/import';
import { logServerError } from '@/lib/log.mjs';
import { notFound, ok, type Actor, type Outcome } from './actor';
import { recordAudit } from './audit';

/*
 * The questionnaires Adhere knows: the shipped instruments (lib/outcome-measures/instruments) and
 * those a clinic's admin added from a definition file (issue 17). A published version never
 * changes; a new version of the same id is a new row, so stored answers keep the version they
 * were given on and are scored with it.
 */

export interface DefinitionListing {
  definition: Definition;
  source: 'shipped' | 'clinic';
  /** Who added a clinic's questionnaire, and when; null for a shipped one. */
  uploadedByName: string | null;
  uploadedAt: Date | null;
}

export interface AvailableDefinitions {
  /** Every version of every questionnaire: what stored answers are scored with (findDefinition). */
  all: Definition[];
  /** The newest version of each questionnaire: what is offered for new assignments. */
  latest: Definition[];
}

/**
 * A stored row's definition, checked again: it was valid when uploaded, and a row that no longer
 * reads as a definition (edited by hand in the database) is logged and left out rather than
 * breaking every page that lists questionnaires.
 */
function storedDefinition(row: { id: string; version: number; definition: unknown }) {
  const parsed = parseDefinition(row.definition);
  if (parsed.ok && definitionKey(parsed.definition) === definitionKey(row))
    return parsed.definition;
  void logServerError(new Error(`outcome_definitions ${row.id}@${row.version} is not valid`), {
    where: 'outcome definitions',
  });
  return null;
}

async function clinicRows() {
  const db = await getDb();
  return db
    .select({
      id: outcomeDefinitions.id,
      version: outcomeDefinitions.version,
      definition: outcomeDefinitions.definition,
      uploadedByName: users.name,
      uploadedAt: outcomeDefinitions.uploadedAt,
    })
    .from(outcomeDefinitions)
    .innerJoin(users, eq(users.id, outcomeDefinitions.uploadedBy))
    .orderBy(asc(outcomeDefinitions.id), asc(outcomeDefinitions.version));
}

function latestOf(definitions: readonly Definition[]): Definition[] {
  const latest = new Map<string, Definition>();
  for (const d of definitions) {
    const known = latest.get(d.id);
    if (!known || d.version > known.version) latest.set(d.id, d);
  }
  return [...latest.values()];
}

/**
 * The shipped instruments and the clinic's, for whoever assigns, answers or reads questionnaires.
 * A definition holds no patient data (only a form's wording and scoring), so every signed-in role
 * may read them; only an admin may add one (addClinicDefinition).
 */
export async function availableDefinitions(actor: Actor): Promise<AvailableDefinitions> {
  void actor;
  const clinic = (await clinicRows())
    .map(storedDefinition)
    .filter((d): d is Definition => d !== null);
  const all = [...SHIPPED, ...clinic];
  return { all, latest: latestOf(all) };
}

/** Every questionnaire with where it comes from, for the admin's page; null for anyone else. */
export async function listDefinitionsForAdmin(actor: Actor): Promise<DefinitionListing[] | null> {
  if (actor.role !== 'admin') return null;
  const shipped: DefinitionListing[] = SHIPPED.map((definition) => ({
    definition,
    source: 'shipped',
    uploadedByName: null,
    uploadedAt: null,
  }));
  const clinic: DefinitionListing[] = [];
  for (const row of await clinicRows()) {
    const definition = storedDefinition(row);
    if (!definition) continue;
    clinic.push({
      definition,
      source: 'clinic',
      uploadedByName: row.uploadedByName,
      uploadedAt: row.uploadedAt,
    });
  }
  return [...shipped, ...clinic];
}

export type AddDefinitionOutcome =
  | Outcome<{ id: string; version: number; name: string }>
  | { ok: false; reason: 'invalid_file'; errors: string[] };

/**
 * Adds a clinic's questionnaire from the text of its definition file (admin only). The file is
 * checked by lib/outcome-measures/import.ts and every problem is answered, each naming its field.
 * The check against the versions already stored and the insert run under one lock per id, so two
 * admins uploading the same id at once cannot both publish the same (or an older) version.
 */
export async function addClinicDefinition(
  actor: Actor,
  fileText: string,
): Promise<AddDefinitionOutcome> {
  if (actor.role !== 'admin') return notFound;
  const parsed = parseDefinitionFile(fileText);
  if (!parsed.ok) return { ok: false, reason: 'invalid_file', errors: parsed.errors };
  const definition = parsed.definition;
  const db = await getDb();
  return db.transaction(async (tx) => {
    await lockForTransaction(tx, LOCK_NAMESPACE.outcomeDefinition, definition.id);
    const known = await tx
      .select({ id: outcomeDefinitions.id, version: outcomeDefinitions.version })
      .from(outcomeDefinitions)
      .where(eq(outcomeDefinitions.id, definition.id));
    const check = checkNewDefinition(definition, known, SHIPPED_IDS);
    if (!check.ok) return { ok: false, reason: 'invalid_file', errors: check.errors };
    await tx.insert(outcomeDefinitions).values({
      id: definition.id,
      version: definition.version,
      definition,
      uploadedBy: actor.id,
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'outcome_definition.added',
      targetType: 'outcome_definition',
      targetId: definitionKey(definition),
      ip: actor.ip,
      details: { items: definition.items.length, newVersionOf: known.length > 0 },
    });
    return ok({ id: definition.id, version: definition.version, name: definition.name });
  });
}
