import 'server-only';
import { and, asc, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb, type Transaction } from '@/db/client';
import { patientProfiles, setPasswordTokens, userSessions, users, type Role } from '@/db/schema';
import type { IsoDate } from '@/lib/dates';
import type { AccountListFilters, NewAccountInput } from '@/lib/validation/account';
import type { AddPatientInput } from '@/lib/validation/patient';
import { invalid, notFound, ok, type Actor, type Outcome } from './actor';
import { recordAudit } from './audit';
import { createSetPasswordToken } from './set-password';

export interface AccountRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  physioId: string | null;
  physioName: string | null;
  dischargedOn: IsoDate | null;
  hasPassword: boolean;
}

const physio = alias(users, 'physio');

/** What the account list shows of an account (users, its patient profile and physio joined). */
const accountColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  active: users.active,
  physioId: patientProfiles.physioId,
  physioName: physio.name,
  dischargedOn: patientProfiles.dischargedOn,
  hasPassword: sql<boolean>`${users.passwordHash} is not null`,
};

/** A physio's current patients (assigned to them and not discharged), for a query on `users`. */
export const currentPatientCount = sql<number>`(
  select count(*) from ${patientProfiles} pp
  where pp.physio_id = ${users.id} and pp.discharged_on is null
)::int`;

/** `%text%` for ILIKE, with the wildcards a user may type matched literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Every account in the clinic, for an admin; nobody else has an account list. */
export async function listAccounts(
  actor: Actor,
  filters: AccountListFilters = {},
): Promise<AccountRow[] | null> {
  if (actor.role !== 'admin') return null;
  const db = await getDb();
  const conditions: SQL[] = [];
  if (filters.role) conditions.push(eq(users.role, filters.role));
  if (filters.status) conditions.push(eq(users.active, filters.status === 'active'));
  if (filters.physio) conditions.push(eq(patientProfiles.physioId, filters.physio));
  if (filters.search) {
    const pattern = containsPattern(filters.search);
    const match = or(ilike(users.name, pattern), ilike(users.email, pattern));
    if (match) conditions.push(match);
  }
  return db
    .select(accountColumns)
    .from(users)
    .leftJoin(patientProfiles, eq(patientProfiles.userId, users.id))
    .leftJoin(physio, eq(physio.id, patientProfiles.physioId))
    .where(and(...conditions))
    .orderBy(asc(users.role), asc(users.name), asc(users.id));
}

export interface PhysioOption {
  id: string;
  name: string;
  email: string;
  active: boolean;
}

/** The clinic's physiotherapists, for an admin's filters and assignment choices. */
export async function listPhysios(actor: Actor): Promise<PhysioOption[] | null> {
  if (actor.role !== 'admin') return null;
  const db = await getDb();
  return db
    .select({ id: users.id, name: users.name, email: users.email, active: users.active })
    .from(users)
    .where(eq(users.role, 'physio'))
    .orderBy(asc(users.name), asc(users.id));
}

export interface AccountDetail {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  hasPassword: boolean;
  createdAt: Date;
  /** Patients only: the physio looking after them now. */
  physioId: string | null;
  physioName: string | null;
  physioActive: boolean | null;
  dischargedOn: IsoDate | null;
  /** Physios only: patients assigned to them and not discharged. */
  currentPatients: number;
}

/** One account as the admin's account page shows it, or null (not found, or not an admin). */
export async function getAccount(actor: Actor, userId: string): Promise<AccountDetail | null> {
  if (actor.role !== 'admin') return null;
  const db = await getDb();
  const [row] = await db
    .select({
      ...accountColumns,
      createdAt: users.createdAt,
      physioActive: physio.active,
      currentPatients: currentPatientCount,
    })
    .from(users)
    .leftJoin(patientProfiles, eq(patientProfiles.userId, users.id))
    .leftJoin(physio, eq(physio.id, patientProfiles.physioId))
    .where(eq(users.id, userId));
  return row ?? null;
}

const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  const causeCode = (error as { cause?: { code?: string } } | null)?.cause?.code;
  return code === UNIQUE_VIOLATION || causeCode === UNIQUE_VIOLATION;
}

export const EMAIL_TAKEN = 'An account with this email address already exists.';

/** Checked first for a clear message; the unique index still decides a race (isUniqueViolation). */
export async function emailInUse(tx: Transaction, email: string): Promise<boolean> {
  const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
  return existing !== undefined;
}
export const PHYSIO_UNAVAILABLE = 'Choose an active physiotherapist.';

/** An active physio, share-locked so that they cannot be deactivated while the change lands. */
export async function lockActivePhysio(tx: Transaction, physioId: string) {
  const [row] = await tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.id, physioId), eq(users.role, 'physio'), eq(users.active, true)))
    .for('share');
  return row;
}

/**
 * Creates a patient's account (no password yet), their profile with their physio, and a one-time
 * set-password link, and audits both the account and the assignment. The caller has checked that
 * the actor may, that the email is free and that the physio is active.
 */
export async function insertPatientAccount(
  tx: Transaction,
  actor: Actor,
  input: AddPatientInput & { physioId: string },
): Promise<{ patientId: string; token: string }> {
  const [patient] = await tx
    .insert(users)
    .values({ email: input.email, name: input.name, role: 'patient' })
    .returning({ id: users.id });
  if (!patient) throw new Error('patient account was not created');
  await tx.insert(patientProfiles).values({
    userId: patient.id,
    physioId: input.physioId,
    dateOfBirth: input.dateOfBirth,
    condition: input.condition,
    goal: input.goal,
  });
  const token = await createSetPasswordToken(tx, { userId: patient.id, createdBy: actor.id });
  await recordAudit(tx, {
    actorId: actor.id,
    action: 'account.created',
    targetType: 'user',
    targetId: patient.id,
    ip: actor.ip,
    details: { role: 'patient' },
  });
  await recordAudit(tx, {
    actorId: actor.id,
    action: 'patient.assigned',
    targetType: 'patient',
    targetId: patient.id,
    ip: actor.ip,
    details: { physioId: input.physioId },
  });
  return { patientId: patient.id, token };
}

/**
 * Creates a physio's or an admin's account (no password yet) with a one-time set-password link,
 * and audits it. The caller has checked that the actor may and that the email is free. An admin
 * made on the command line (`npm run admin:create`) has no actor: `actorId` is null.
 */
export async function insertStaffAccount(
  tx: Transaction,
  by: { actorId: string | null; ip?: string; via?: 'command_line' },
  input: { email: string; name: string; role: 'physio' | 'admin' },
): Promise<{ userId: string; token: string }> {
  const [account] = await tx
    .insert(users)
    .values({ email: input.email, name: input.name, role: input.role })
    .returning({ id: users.id });
  if (!account) throw new Error(`${input.role} account was not created`);
  const token = await createSetPasswordToken(tx, { userId: account.id, createdBy: by.actorId });
  await recordAudit(tx, {
    actorId: by.actorId,
    action: 'account.created',
    targetType: 'user',
    targetId: account.id,
    ip: by.ip,
    details: by.via ? { role: input.role, via: by.via } : { role: input.role },
  });
  return { userId: account.id, token };
}

/**
 * An admin creates a physio's or a patient's account (a patient with an active physio). The
 * account has no password: the one-time set-password link returned is shown once and stored
 * only as a hash.
 */
export async function createAccount(
  actor: Actor,
  input: NewAccountInput,
): Promise<Outcome<{ userId: string; token: string }>> {
  if (actor.role !== 'admin') return notFound;
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      if (await emailInUse(tx, input.email)) return invalid(EMAIL_TAKEN, 'email');

      if (input.role === 'patient') {
        if (!(await lockActivePhysio(tx, input.physioId))) {
          return invalid(PHYSIO_UNAVAILABLE, 'physioId');
        }
        const { patientId, token } = await insertPatientAccount(tx, actor, input);
        return ok({ userId: patientId, token });
      }

      return ok(
        await insertStaffAccount(
          tx,
          { actorId: actor.id, ip: actor.ip },
          { ...input, role: 'physio' },
        ),
      );
    });
  } catch (error) {
    // Two admins creating the same email at the same moment: the unique index decides.
    if (isUniqueViolation(error)) return invalid(EMAIL_TAKEN, 'email');
    throw error;
  }
}

/**
 * Moves a patient to another active physio (admin only). Everything recorded stays with the
 * patient; the old physio loses access and the new one gains it at once, because every read of
 * a patient's records follows patient_profiles.physio_id. Assigning the physio a patient already
 * has changes nothing, so a repeated submission is harmless.
 */
export async function reassignPatient(
  actor: Actor,
  input: { patientId: string; physioId: string },
): Promise<Outcome<{ name: string; physioName: string; changed: boolean }>> {
  if (actor.role !== 'admin') return notFound;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [profile] = await tx
      .select({ userId: patientProfiles.userId, physioId: patientProfiles.physioId })
      .from(patientProfiles)
      .where(eq(patientProfiles.userId, input.patientId))
      .for('update');
    if (!profile) return notFound;
    const [patient] = await tx
      .select({ name: users.name })
      .from(users)
      .where(eq(users.id, profile.userId));
    if (!patient) return notFound;

    const target = await lockActivePhysio(tx, input.physioId);
    if (!target) return invalid(PHYSIO_UNAVAILABLE, 'physioId');
    if (target.id === profile.physioId) {
      return ok({ name: patient.name, physioName: target.name, changed: false });
    }

    await tx
      .update(patientProfiles)
      .set({ physioId: target.id, updatedAt: new Date() })
      .where(eq(patientProfiles.userId, profile.userId));
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'patient.assigned',
      targetType: 'patient',
      targetId: profile.userId,
      ip: actor.ip,
      details: { fromPhysioId: profile.physioId, toPhysioId: target.id },
    });
    return ok({ name: patient.name, physioName: target.name, changed: true });
  });
}

export const LAST_ADMIN =
  'The clinic needs at least one active admin, so this account stays active.';
export const OWN_ACCOUNT =
  'You cannot deactivate your own account. Ask another admin to do it if it must be.';
export const NO_LONGER_ADMIN =
  'Your account is no longer an active admin account, so nothing was changed.';

/**
 * Deactivates or reactivates an account (admin only). Deactivation bumps the session version, ends
 * open sessions and voids every unused set-password link, so the account loses access on its very
 * next request and reactivating it later does not revive an old invitation (a new link must be
 * issued). Nothing is deleted.
 *
 * "At least one active admin remains" is decided under row locks: the actor, the target and every
 * active admin are locked in one statement, in id order (LockRows runs above the sort). Two admins deactivating each other at the
 * same moment therefore queue on the same first row instead of each passing the check against the
 * other's not-yet-committed state, and cannot deadlock; the second one sees the first's change.
 */
export async function setAccountActive(
  actor: Actor,
  input: { userId: string; active: boolean },
): Promise<Outcome<{ name: string }>> {
  if (actor.role !== 'admin') return notFound;
  if (!input.active && input.userId === actor.id) return invalid(OWN_ACCOUNT);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const locked = await tx
      .select({ id: users.id, name: users.name, role: users.role, active: users.active })
      .from(users)
      .where(
        or(
          eq(users.id, input.userId),
          eq(users.id, actor.id),
          and(eq(users.role, 'admin'), eq(users.active, true)),
        ),
      )
      .orderBy(asc(users.id))
      // Not FOR UPDATE: the foreign-key checks of concurrent inserts (an audit entry naming an
      // admin as actor) take KEY SHARE on these rows, and must not queue behind us or deadlock.
      .for('no key update');
    const target = locked.find((row) => row.id === input.userId);
    if (!target) return notFound;
    if (target.active === input.active) return ok({ name: target.name });

    // Read after the locks were granted, so a concurrent change that committed first is seen.
    const activeAdmins = locked.filter((row) => row.role === 'admin' && row.active);
    if (!input.active && target.role === 'admin') {
      if (!activeAdmins.some((row) => row.id !== target.id)) return invalid(LAST_ADMIN);
    }
    if (!activeAdmins.some((row) => row.id === actor.id)) return invalid(NO_LONGER_ADMIN);

    await tx
      .update(users)
      .set({
        active: input.active,
        updatedAt: new Date(),
        ...(input.active ? {} : { sessionVersion: sql`${users.sessionVersion} + 1` }),
      })
      .where(eq(users.id, target.id));
    if (!input.active) {
      const now = new Date();
      await tx
        .update(userSessions)
        .set({ endedAt: now })
        .where(and(eq(userSessions.userId, target.id), isNull(userSessions.endedAt)));
      // Marked used, as a superseded link is: the set-password page then refuses it for good.
      await tx
        .update(setPasswordTokens)
        .set({ usedAt: now })
        .where(and(eq(setPasswordTokens.userId, target.id), isNull(setPasswordTokens.usedAt)));
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: input.active ? 'account.reactivated' : 'account.deactivated',
      targetType: 'user',
      targetId: target.id,
      ip: actor.ip,
      details: { role: target.role },
    });
    return ok({ name: target.name });
  });
}
