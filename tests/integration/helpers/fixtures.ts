import { randomUUID } from 'node:crypto';
import type { Database } from '@/db/client';
import type { Actor } from '@/db/queries/actor';
import { patientProfiles, users, type Role } from '@/db/schema';
import { hashPassword } from '@/lib/passwords';

export const PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export async function createUser(
  db: Database,
  input: { role: Role; name?: string; email?: string; active?: boolean; withPassword?: boolean },
): Promise<Actor> {
  passwordHash ??= hashPassword(PASSWORD);
  const email = input.email ?? `${input.role}-${randomUUID().slice(0, 8)}@clinic.test`;
  const name = input.name ?? `Test ${input.role}`;
  const [row] = await db
    .insert(users)
    .values({
      email,
      name,
      role: input.role,
      active: input.active ?? true,
      passwordHash: input.withPassword === false ? null : await passwordHash,
    })
    .returning({ id: users.id });
  if (!row) throw new Error('user not created');
  return { id: row.id, role: input.role, name, email, sessionId: randomUUID() };
}

export async function createPatient(
  db: Database,
  physio: Actor,
  input: { name?: string; condition?: string } = {},
): Promise<Actor> {
  const patient = await createUser(db, { role: 'patient', name: input.name });
  await db.insert(patientProfiles).values({
    userId: patient.id,
    physioId: physio.id,
    condition: input.condition ?? 'Non-specific low back pain',
  });
  return patient;
}
