import { relations, sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
// Relative, not '@/lib': drizzle-kit loads this file without the app's path aliases.
import { API_TOKEN_SCOPES } from '../lib/api-tokens';
import { BODY_REGIONS, type BodyRegion } from '../lib/body-regions';
import { MAIL_PURPOSES, type MailPurpose } from '../lib/mail/purposes';
import { OUTCOME_SCHEDULES, type OutcomeSchedule } from '../lib/outcome-measures/schedules';
import { TEXT_SIZES } from '../lib/reading-preferences';
import { REMINDER_CHANNELS, REMINDER_KINDS, REMINDER_SEND_STATUSES } from '../lib/reminders/kinds';
import { ROLES, type Role } from '../lib/roles';

// Column names are snake_case in the database (drizzle `casing: 'snake_case'`).

export const roleEnum = pgEnum('role', ROLES);
export const bodyRegionEnum = pgEnum('body_region', BODY_REGIONS);
export const textSizeEnum = pgEnum('text_size', TEXT_SIZES);

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
const updatedAt = () =>
  timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text().notNull(),
    role: roleEnum().notNull(),
    // Null until the account holder sets a password from a one-time link.
    passwordHash: text(),
    active: boolean().notNull().default(true),
    // Bumped on deactivation and password reset; a session minted with an older version is void.
    sessionVersion: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    check(
      'users_email_normalised',
      sql`${t.email} = lower(btrim(${t.email})) and ${t.email} like '%_@_%'`,
    ),
    check('users_name_length', sql`char_length(btrim(${t.name})) between 1 and 120`),
    check('users_session_version_positive', sql`${t.sessionVersion} > 0`),
  ],
);

export const patientProfiles = pgTable(
  'patient_profiles',
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id),
    physioId: uuid()
      .notNull()
      .references(() => users.id),
    dateOfBirth: date({ mode: 'string' }),
    condition: text().notNull().default(''),
    goal: text().notNull().default(''),
    dischargedOn: date({ mode: 'string' }),
    // How the patient's own pages are shown to them (lib/reading-preferences.ts).
    textSize: textSizeEnum().notNull().default('standard'),
    highContrast: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('patient_profiles_physio_idx').on(t.physioId),
    check('patient_profiles_not_own_physio', sql`${t.userId} <> ${t.physioId}`),
    check('patient_profiles_condition_length', sql`char_length(${t.condition}) <= 200`),
    check('patient_profiles_goal_length', sql`char_length(${t.goal}) <= 500`),
  ],
);

export const exercises = pgTable(
  'exercises',
  {
    id: uuid().primaryKey().defaultRandom(),
    // Stable key of an exercise shipped with Adhere (null for a physio's own), so seeding is repeatable.
    libraryKey: text(),
    name: text().notNull(),
    bodyRegion: bodyRegionEnum().notNull(),
    instructions: text().notNull(),
    defaultSets: smallint().notNull(),
    defaultReps: smallint().notNull(),
    defaultHoldSeconds: smallint(),
    mediaUrl: text(),
    // Null for the shipped library, which physios may use but not edit.
    authorId: uuid().references(() => users.id),
    archived: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('exercises_library_key_key').on(t.libraryKey),
    index('exercises_author_idx').on(t.authorId),
    check('exercises_name_length', sql`char_length(btrim(${t.name})) between 1 and 120`),
    check(
      'exercises_instructions_length',
      sql`char_length(btrim(${t.instructions})) between 1 and 4000`,
    ),
    check('exercises_default_sets_range', sql`${t.defaultSets} between 1 and 20`),
    check('exercises_default_reps_range', sql`${t.defaultReps} between 1 and 100`),
    check(
      'exercises_default_hold_range',
      sql`${t.defaultHoldSeconds} is null or ${t.defaultHoldSeconds} between 1 and 600`,
    ),
    check('exercises_media_url_https', sql`${t.mediaUrl} is null or ${t.mediaUrl} ~ '^https://'`),
    check('exercises_library_or_author', sql`(${t.libraryKey} is null) <> (${t.authorId} is null)`),
  ],
);

/**
 * One version of a patient's programme. A prescription is never edited in place: a change ends
 * the current version (end_date) and starts a new one (previous_routine_id), so the adherence of
 * earlier weeks is always computed against what was prescribed then.
 */
export const routines = pgTable(
  'routines',
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => users.id),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    previousRoutineId: uuid().references((): AnyPgColumn => routines.id),
    title: text().notNull(),
    startDate: date({ mode: 'string' }).notNull(),
    // Inclusive; null while the programme runs open-ended.
    endDate: date({ mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('routines_patient_idx').on(t.patientId, t.startDate),
    // At most one open-ended programme per patient; overlaps of dated ones are refused by the data layer.
    uniqueIndex('routines_one_open_per_patient')
      .on(t.patientId)
      .where(sql`${t.endDate} is null`),
    check('routines_title_length', sql`char_length(btrim(${t.title})) between 1 and 120`),
    check('routines_dates_ordered', sql`${t.endDate} is null or ${t.endDate} >= ${t.startDate}`),
  ],
);

export const routineItems = pgTable(
  'routine_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    routineId: uuid()
      .notNull()
      .references(() => routines.id),
    exerciseId: uuid()
      .notNull()
      .references(() => exercises.id),
    position: smallint().notNull(),
    sets: smallint().notNull(),
    reps: smallint().notNull(),
    holdSeconds: smallint(),
    // ISO weekdays as bits: Monday = 1, Tuesday = 2, … Sunday = 64; 127 = every day.
    daysMask: smallint().notNull().default(127),
    timesPerDay: smallint().notNull().default(1),
    note: text().notNull().default(''),
  },
  (t) => [
    uniqueIndex('routine_items_position_key').on(t.routineId, t.position),
    check('routine_items_position_positive', sql`${t.position} >= 0`),
    check('routine_items_sets_range', sql`${t.sets} between 1 and 20`),
    check('routine_items_reps_range', sql`${t.reps} between 1 and 100`),
    check(
      'routine_items_hold_range',
      sql`${t.holdSeconds} is null or ${t.holdSeconds} between 1 and 600`,
    ),
    check('routine_items_days_mask_range', sql`${t.daysMask} between 1 and 127`),
    check('routine_items_times_per_day_range', sql`${t.timesPerDay} between 1 and 3`),
    check('routine_items_note_length', sql`char_length(${t.note}) <= 500`),
  ],
);

/**
 * One row per session of an item done on a day: `session` 1..times_per_day, so the cap holds in
 * the database and a retried submission (same idempotency key) cannot add a row.
 */
export const completions = pgTable(
  'completions',
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => users.id),
    routineItemId: uuid()
      .notNull()
      .references(() => routineItems.id),
    performedOn: date({ mode: 'string' }).notNull(),
    session: smallint().notNull().default(1),
    idempotencyKey: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('completions_item_day_session_key').on(t.routineItemId, t.performedOn, t.session),
    uniqueIndex('completions_idempotency_key').on(t.patientId, t.idempotencyKey),
    index('completions_patient_day_idx').on(t.patientId, t.performedOn),
    check('completions_session_range', sql`${t.session} between 1 and 3`),
    check(
      'completions_idempotency_key_length',
      sql`char_length(${t.idempotencyKey}) between 8 and 100`,
    ),
  ],
);

export const painReports = pgTable(
  'pain_reports',
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => users.id),
    reportedOn: date({ mode: 'string' }).notNull(),
    // 0–10 Numeric Pain Rating Scale: average low back pain over the last 24 hours.
    score: smallint().notNull(),
    note: text().notNull().default(''),
    idempotencyKey: text().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('pain_reports_patient_day_key').on(t.patientId, t.reportedOn),
    uniqueIndex('pain_reports_idempotency_key').on(t.patientId, t.idempotencyKey),
    check('pain_reports_score_range', sql`${t.score} between 0 and 10`),
    check('pain_reports_note_length', sql`char_length(${t.note}) <= 1000`),
    check(
      'pain_reports_idempotency_key_length',
      sql`char_length(${t.idempotencyKey}) between 8 and 100`,
    ),
  ],
);

/**
 * A rollup of each patient's days, kept by database triggers (migration 0007), never written by
 * the app: the sessions completed that day as db/metrics.ts counts them (per item of a version
 * active that day and scheduled on that weekday, at most its times per day) and the day's pain
 * score. A row exists only for a day with a counted session or a pain report. Today, discharge and
 * the prescription are applied when it is read (db/metrics-rollup.ts), so they need no upkeep here.
 */
export const patientDayTotals = pgTable(
  'patient_day_totals',
  {
    patientId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    day: date({ mode: 'string' }).notNull(),
    completedSessions: integer().notNull(),
    painScore: smallint(),
  },
  // Migration 0007 makes this key INCLUDE the two figures, for index-only reads.
  (t) => [primaryKey({ columns: [t.patientId, t.day] })],
);

/** The first result of a submission, returned again when the same key is replayed. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id),
    key: text().notNull(),
    operation: text().notNull(),
    result: jsonb().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.key] }),
    // For the retention job, which deletes keys past any retry (db/retention.ts).
    index('idempotency_keys_created_idx').on(t.createdAt),
    check('idempotency_keys_key_length', sql`char_length(${t.key}) between 8 and 100`),
  ],
);

export const setPasswordTokens = pgTable(
  'set_password_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    // SHA-256 of the token, hex; the token itself is shown once and never stored.
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('set_password_tokens_hash_key').on(t.tokenHash),
    index('set_password_tokens_user_idx').on(t.userId),
    check('set_password_tokens_hash_format', sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`),
    check('set_password_tokens_expiry_after_creation', sql`${t.expiresAt} > ${t.createdAt}`),
  ],
);

export const mailPurposeEnum = pgEnum('mail_purpose', MAIL_PURPOSES);
export const mailStatusEnum = pgEnum('mail_status', [
  'queued',
  'sending',
  'sent',
  'retrying',
  'failed',
  'cancelled',
]);

/**
 * E-mails waiting to go out, and what became of them. A message is written in the transaction
 * that creates the account or the link, so neither exists without the other; a worker in each
 * app server claims due rows (`FOR UPDATE SKIP LOCKED`, then a lease in next_attempt_at) and
 * sends them. Messages hold a name, a link and clinic wording, never clinical content.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid().primaryKey().defaultRandom(),
    purpose: mailPurposeEnum().notNull(),
    recipientId: uuid()
      .notNull()
      .references(() => users.id),
    // Null once the link it carries is gone (a retention job may delete old links).
    setPasswordTokenId: uuid().references(() => setPasswordTokens.id, { onDelete: 'set null' }),
    toAddress: text().notNull(),
    // The link's token, encrypted with a key derived from NEXTAUTH_SECRET (lib/mail/sealed-token.ts)
    // and bound to this row; emptied as soon as the message is sent, fails or is cancelled.
    sealedToken: text(),
    status: mailStatusEnum().notNull().default('queued'),
    attempts: smallint().notNull().default(0),
    // When the message is next due; while it is being sent, when its sender's lease runs out.
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // Which worker holds the message while it is being sent; its result counts only with it.
    leaseId: uuid(),
    // Why the last attempt failed or the message was cancelled; never a credential or the link.
    lastError: text(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('mail_outbox_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('queued', 'sending', 'retrying')`),
    index('mail_outbox_recipient_idx').on(t.recipientId, t.createdAt),
    check('mail_outbox_attempts_range', sql`${t.attempts} between 0 and 1000`),
    check(
      'mail_outbox_link_only_while_pending',
      // A reminder carries no link (its purpose is compared as text: the values are new in its migration).
      sql`(${t.status} in ('queued', 'sending', 'retrying') and ${t.purpose}::text in ('invitation', 'password_link')) = (${t.sealedToken} is not null)`,
    ),
    check(
      'mail_outbox_lease_only_while_sending',
      sql`(${t.status} = 'sending') = (${t.leaseId} is not null)`,
    ),
    check('mail_outbox_last_error_length', sql`char_length(${t.lastError}) <= 500`),
    check('mail_outbox_to_address_format', sql`${t.toAddress} like '%_@_%'`),
  ],
);

/** A signed-in session: lets sign-out, idle time-out and deactivation end a stateless JWT. */
export const userSessions = pgTable(
  'user_sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('user_sessions_user_idx').on(t.userId)],
);

/**
 * One sign-in attempt whose password was checked. It is written before the check, with
 * `succeeded` null, so a parallel guess already counts it (lib/sign-in-throttle.ts); throttled
 * attempts, answered without a check, are not written.
 */
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    email: text().notNull(),
    ip: text().notNull(),
    // Null while the password is being checked.
    succeeded: boolean(),
    attemptedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sign_in_attempts_email_idx').on(t.email, t.attemptedAt),
    index('sign_in_attempts_ip_idx').on(t.ip, t.attemptedAt),
    index('sign_in_attempts_attempted_idx').on(t.attemptedAt),
  ],
);

export const setPasswordOutcomeEnum = pgEnum('set_password_outcome', [
  'succeeded',
  'unknown',
  'used',
  'expired',
  'inactive',
]);

/**
 * One attempt to redeem a set-password link, for throttling per link and per address. The token
 * tried is kept only as its SHA-256, like the links themselves, and never in the audit log.
 */
export const setPasswordAttempts = pgTable(
  'set_password_attempts',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tokenHash: text().notNull(),
    ip: text().notNull(),
    outcome: setPasswordOutcomeEnum().notNull(),
    attemptedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('set_password_attempts_token_idx').on(t.tokenHash, t.attemptedAt),
    index('set_password_attempts_ip_idx').on(t.ip, t.attemptedAt),
    index('set_password_attempts_attempted_idx').on(t.attemptedAt),
    check('set_password_attempts_hash_format', sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`),
  ],
);

/** Append-only (a trigger refuses UPDATE and DELETE); never holds clinical content. */
export const apiTokenScopeEnum = pgEnum('api_token_scope', API_TOKEN_SCOPES);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    // SHA-256 of the secret, hex; the secret itself is shown once and never stored.
    secretHash: text().notNull(),
    // The secret's first characters, so the list can tell tokens apart.
    secretStart: text().notNull(),
    scope: apiTokenScopeEnum().notNull(),
    // The physiotherapist whose caseload a `caseload` token reads.
    physioId: uuid().references(() => users.id),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: uuid().references(() => users.id),
    lastUsedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('api_tokens_secret_hash_key').on(t.secretHash),
    index('api_tokens_created_idx').on(t.createdAt),
    check('api_tokens_secret_hash_format', sql`${t.secretHash} ~ '^[0-9a-f]{64}$'`),
    check('api_tokens_name_length', sql`char_length(btrim(${t.name})) between 1 and 80`),
    check(
      'api_tokens_caseload_has_physio',
      sql`(${t.scope} = 'caseload') = (${t.physioId} is not null)`,
    ),
    check('api_tokens_expiry_after_creation', sql`${t.expiresAt} > ${t.createdAt}`),
    check('api_tokens_revoked_with_whom', sql`(${t.revokedAt} is null) = (${t.revokedBy} is null)`),
  ],
);

export const fhirExportStatusEnum = pgEnum('fhir_export_status', [
  'queued',
  'running',
  'complete',
  'failed',
  'cancelled',
]);

/**
 * A FHIR Bulk Data export (docs/fhir.md): asked for by an admin or a clinic token, built a page
 * of patients at a time by whichever app server claims it, answered by any of them.
 */
export const fhirExportJobs = pgTable(
  'fhir_export_jobs',
  {
    id: uuid().primaryKey().defaultRandom(),
    // The admin whose access the export reads with: the requester, or the token's creator.
    actorId: uuid()
      .notNull()
      .references(() => users.id),
    // Set when a token asked: only the same token may poll and download.
    apiTokenId: uuid().references(() => apiTokens.id),
    level: text().notNull(),
    types: text().array().notNull(),
    status: fhirExportStatusEnum().notNull().default('queued'),
    requestUrl: text().notNull(),
    transactionTime: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // The clinic's date when asked: weekly adherence is computed as of it.
    asOf: date({ mode: 'string' }).notNull(),
    patientsTotal: integer().notNull(),
    patientsDone: integer().notNull().default(0),
    // The last patient written (patients go in id order), so a claimed job goes on from there.
    cursor: uuid(),
    leaseId: uuid(),
    leaseUntil: timestamp({ withTimezone: true }),
    error: text(),
    finishedAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('fhir_export_jobs_pending_idx').on(t.status, t.transactionTime),
    check('fhir_export_jobs_level', sql`${t.level} in ('system', 'patient')`),
    check('fhir_export_jobs_progress', sql`${t.patientsDone} between 0 and ${t.patientsTotal}`),
  ],
);

/** The NDJSON of an export, a chunk per resource type and page of patients, in order. */
export const fhirExportChunks = pgTable(
  'fhir_export_chunks',
  {
    jobId: uuid()
      .notNull()
      .references(() => fhirExportJobs.id, { onDelete: 'cascade' }),
    type: text().notNull(),
    seq: integer().notNull(),
    lines: integer().notNull(),
    body: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.type, t.seq] })],
);

/**
 * Questionnaires a clinic added (issue 17): an admin's uploaded definition file, validated by
 * lib/outcome-measures/import.ts. A published version never changes: a new version is a new row,
 * so answers given on an older version keep pointing at the definition they were given on.
 */
export const outcomeDefinitions = pgTable(
  'outcome_definitions',
  {
    id: text().notNull(),
    version: integer().notNull(),
    // The definition as parsed (defaults filled in), so scoring reads exactly what was checked.
    definition: jsonb().notNull(),
    uploadedBy: uuid()
      .notNull()
      .references(() => users.id),
    uploadedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.version] }),
    check('outcome_definitions_id_format', sql`${t.id} ~ '^[a-z][a-z0-9_-]{1,39}$'`),
    check('outcome_definitions_version_positive', sql`${t.version} >= 1`),
    check(
      'outcome_definitions_definition_matches',
      sql`${t.definition}->>'id' = ${t.id} and (${t.definition}->>'version')::int = ${t.version}`,
    ),
  ],
);

export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorId: uuid().references(() => users.id),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    ip: text(),
    details: jsonb().notNull().default({}),
  },
  (t) => [
    index('audit_events_occurred_idx').on(t.occurredAt),
    index('audit_events_actor_idx').on(t.actorId, t.occurredAt),
    check('audit_events_action_format', sql`${t.action} ~ '^[a-z_]+(\\.[a-z_]+)+$'`),
  ],
);

// Outcome measures (lib/outcome-measures): what a physio assigned, what the patient answered.

export const outcomeScheduleEnum = pgEnum('outcome_schedule', OUTCOME_SCHEDULES);

/**
 * A physio's request that a patient answer one instrument on a schedule (lib/outcome-measures/
 * due.ts turns it into what is due on a day). Ending an assignment sets `active` false and keeps
 * the row, so a response keeps pointing at what asked for it.
 */
export const outcomeAssignments = pgTable(
  'outcome_assignments',
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => users.id),
    instrumentId: text().notNull(),
    schedule: outcomeScheduleEnum().notNull(),
    // The clinic date it was assigned: the earliest day it can be due.
    startsOn: date({ mode: 'string' }).notNull(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    active: boolean().notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('outcome_assignments_patient_idx').on(t.patientId),
    // One live assignment per instrument and schedule: assigning it again is a no-op.
    uniqueIndex('outcome_assignments_active_key')
      .on(t.patientId, t.instrumentId, t.schedule)
      .where(sql`${t.active}`),
  ],
);

/**
 * A completed questionnaire. The score, subscales and band are computed by the engine when it is
 * saved, with the definition version the patient answered, and never recomputed: a new version
 * of a definition leaves these rows as they were.
 */
export const outcomeResponses = pgTable(
  'outcome_responses',
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => users.id),
    assignmentId: uuid()
      .notNull()
      .references(() => outcomeAssignments.id),
    instrumentId: text().notNull(),
    definitionVersion: integer().notNull(),
    // The clinic date it was answered on.
    answeredOn: date({ mode: 'string' }).notNull(),
    answers: jsonb().notNull(),
    score: doublePrecision().notNull(),
    subscales: jsonb().$type<Record<string, number>>().notNull().default({}),
    // The band (STarT Back's risk group) the score fell in, by id; null without bands.
    bandId: text(),
    // PSFS: the activities the patient named (item id → name). Set on the baseline response; later
    // responses rate the same ones and copy them here, so each row reads on its own.
    activities: jsonb().$type<Record<string, string>>(),
    idempotencyKey: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('outcome_responses_patient_idx').on(t.patientId, t.instrumentId, t.answeredOn),
    uniqueIndex('outcome_responses_idempotency_key').on(t.patientId, t.idempotencyKey),
    check('outcome_responses_version_positive', sql`${t.definitionVersion} > 0`),
    check(
      'outcome_responses_idempotency_key_length',
      sql`char_length(${t.idempotencyKey}) between 8 and 100`,
    ),
  ],
);

/** "Not today" for a due questionnaire: it stays due, and comes back the next day. */
export const outcomeSkips = pgTable(
  'outcome_skips',
  {
    patientId: uuid()
      .notNull()
      .references(() => users.id),
    assignmentId: uuid()
      .notNull()
      .references(() => outcomeAssignments.id),
    skippedOn: date({ mode: 'string' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.assignmentId, t.skippedOn] })],
);

export const reminderKindEnum = pgEnum('reminder_kind', REMINDER_KINDS);
export const reminderChannelEnum = pgEnum('reminder_channel', REMINDER_CHANNELS);
export const reminderSendStatusEnum = pgEnum('reminder_send_status', REMINDER_SEND_STATUSES);

/**
 * A patient's reminder choices (lib/reminders/). No row: reminders off. The time is clinic-local;
 * a null days mask follows the days the programme in force has exercises.
 */
export const reminderPreferences = pgTable(
  'reminder_preferences',
  {
    patientId: uuid()
      .primaryKey()
      .references(() => users.id),
    enabled: boolean().notNull().default(false),
    dailyTime: text().notNull(),
    daysMask: smallint(),
    push: boolean().notNull().default(false),
    email: boolean().notNull().default(false),
    eveningNudge: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('reminder_preferences_enabled_idx')
      .on(t.patientId)
      .where(sql`${t.enabled}`),
    check(
      'reminder_preferences_time_format',
      sql`${t.dailyTime} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`,
    ),
    check(
      'reminder_preferences_days_mask_range',
      sql`${t.daysMask} is null or ${t.daysMask} between 1 and 127`,
    ),
    check('reminder_preferences_channel_when_on', sql`not ${t.enabled} or ${t.push} or ${t.email}`),
  ],
);

/**
 * The phones a patient turned notifications on for: a Web Push subscription each. The endpoint is
 * the push service's URL for that phone (checked before it is stored: the server posts to it); a
 * service answering 404 or 410 means the phone unsubscribed, and the row is deleted.
 */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => users.id),
    endpoint: text().notNull(),
    // The phone's keys for the payload's encryption (RFC 8291), base64url.
    p256dh: text().notNull(),
    auth: text().notNull(),
    createdAt: createdAt(),
    lastSuccessAt: timestamp({ withTimezone: true }),
    lastFailureAt: timestamp({ withTimezone: true }),
    lastError: text(),
  },
  (t) => [
    // One phone, one row: a phone signed in by another patient moves to them.
    uniqueIndex('push_subscriptions_endpoint_key').on(t.endpoint),
    index('push_subscriptions_patient_idx').on(t.patientId),
    check(
      'push_subscriptions_endpoint_length',
      sql`char_length(${t.endpoint}) between 12 and 2000`,
    ),
    check('push_subscriptions_p256dh_format', sql`${t.p256dh} ~ '^[A-Za-z0-9_-]{80,100}$'`),
    check('push_subscriptions_auth_format', sql`${t.auth} ~ '^[A-Za-z0-9_-]{16,30}$'`),
    check('push_subscriptions_last_error_length', sql`char_length(${t.lastError}) <= 500`),
  ],
);

/**
 * Every reminder decided for a patient and a clinic-local date, unique per kind, so that however
 * many app servers tick, each reminder is decided once; the server that claims the row (`FOR
 * UPDATE SKIP LOCKED`, then a lease in lease_until) sends it, and only its result counts.
 */
export const reminderSends = pgTable(
  'reminder_sends',
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => users.id),
    onDate: date({ mode: 'string' }).notNull(),
    kind: reminderKindEnum().notNull(),
    // What it went by (or was meant to): the patient's channels when it was decided.
    channel: reminderChannelEnum().notNull(),
    status: reminderSendStatusEnum().notNull().default('due'),
    leaseId: uuid(),
    leaseUntil: timestamp({ withTimezone: true }),
    attempts: smallint().notNull().default(0),
    sentAt: timestamp({ withTimezone: true }),
    error: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('reminder_sends_patient_date_kind_key').on(t.patientId, t.onDate, t.kind),
    // For pruning past days (db/retention.ts).
    index('reminder_sends_on_date_idx').on(t.onDate),
    index('reminder_sends_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.status} in ('due', 'sending')`),
    check(
      'reminder_sends_lease_only_while_sending',
      sql`(${t.status} = 'sending') = (${t.leaseId} is not null and ${t.leaseUntil} is not null)`,
    ),
    check('reminder_sends_attempts_range', sql`${t.attempts} between 0 and 100`),
    check('reminder_sends_error_length', sql`char_length(${t.error}) <= 500`),
  ],
);

export const usersRelations = relations(users, ({ one, many }) => ({
  patientProfile: one(patientProfiles, {
    fields: [users.id],
    references: [patientProfiles.userId],
  }),
  routines: many(routines),
}));

export const patientProfilesRelations = relations(patientProfiles, ({ one }) => ({
  user: one(users, { fields: [patientProfiles.userId], references: [users.id] }),
  physio: one(users, { fields: [patientProfiles.physioId], references: [users.id] }),
}));

export const routinesRelations = relations(routines, ({ one, many }) => ({
  patient: one(users, { fields: [routines.patientId], references: [users.id] }),
  items: many(routineItems),
}));

export const routineItemsRelations = relations(routineItems, ({ one }) => ({
  routine: one(routines, { fields: [routineItems.routineId], references: [routines.id] }),
  exercise: one(exercises, { fields: [routineItems.exerciseId], references: [exercises.id] }),
}));

export type { BodyRegion, MailPurpose, OutcomeSchedule, Role };
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type PatientProfile = typeof patientProfiles.$inferSelect;
export type Exercise = typeof exercises.$inferSelect;
export type NewExercise = typeof exercises.$inferInsert;
export type Routine = typeof routines.$inferSelect;
export type RoutineItem = typeof routineItems.$inferSelect;
export type Completion = typeof completions.$inferSelect;
export type PainReport = typeof painReports.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type OutcomeDefinitionRow = typeof outcomeDefinitions.$inferSelect;
export type SetPasswordOutcome = (typeof setPasswordOutcomeEnum.enumValues)[number];
export type MailStatus = (typeof mailStatusEnum.enumValues)[number];
export type OutcomeAssignment = typeof outcomeAssignments.$inferSelect;
export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;
export type ReminderSend = typeof reminderSends.$inferSelect;
export type OutcomeResponse = typeof outcomeResponses.$inferSelect;
