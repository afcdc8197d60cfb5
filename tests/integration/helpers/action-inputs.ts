import { randomUUID } from 'node:crypto';
import { idleState } from '@/lib/forms';
import { redeemSetPasswordLink } from '@/db/queries/set-password';
import { outcomeAssignments, pushSubscriptions } from '@/db/schema';
import { addDays } from '@/lib/dates';
import { ROOT, discoverAppSurface } from '../../support/app-surface';
import type { ClinicWorld } from './clinic-world';
import { formData } from './endpoints';
import type { Identity } from './identities';

export type ServerAction = (...args: never[]) => Promise<unknown>;

/** The arguments a client sends for a row, built from fresh records of A's for each call. */
export type Inputs = (world: ClinicWorld, caller: Identity) => Promise<unknown[]>;

const form = (fields: Record<string, string>) => [idleState, formData(fields)];
const PASSPHRASE = 'a long enough passphrase 42';

let emails = 0;
let phones = 0;
/** A push address of the kind a browser gives (a public https push service); never posted to here. */
const matrixPushSubscription = () => ({
  endpoint: `https://push.example.com/send/matrix-${(phones += 1)}-${randomUUID()}`,
  p256dh: `B${'A'.repeat(86)}`,
  auth: 'AAAAAAAAAAAAAAAAAAAAAA',
});
let questionnaires = 0;
const matrixQuestionnaire = () => ({
  id: `matrix-${(questionnaires += 1)}-${randomUUID().slice(0, 6)}`,
  version: 1,
  name: 'Matrix questionnaire',
  copyright: '© Example',
  licence: 'Used under the clinic’s licence',
  citation: 'Example 2024',
  items: [
    {
      type: 'choice',
      id: 'q1',
      text: 'How is your back today?',
      options: [
        { label: 'Fine', value: 0 },
        { label: 'Sore', value: 1 },
      ],
    },
  ],
  scoring: { method: 'sum' },
});

const newEmail = () => `matrix-${(emails += 1)}-${randomUUID().slice(0, 6)}@clinic.test`;

/** How each row of SERVER_ACTIONS is called, keyed by the row's name. */
export const INPUTS: Record<string, Inputs> = {
  'setAccountActiveAction — deactivate a patient of physio A': async (w) =>
    form({ userId: (await w.patientOfA()).id, active: 'false' }),
  'createAccountAction — a new patient for physio A': async (w) =>
    form({
      role: 'patient',
      name: 'Alder New Patient',
      email: newEmail(),
      dateOfBirth: '',
      condition: '',
      goal: '',
      physioId: w.physioA.id,
    }),
  'reassignPatientAction — hand a patient of physio A to physio B': async (w) =>
    form({ patientId: (await w.patientOfA()).id, physioId: w.physioB.id }),
  "createApiTokenAction — an API token reading physio A's caseload": async (w) =>
    form({ name: 'Alder EHR', scope: 'caseload', physioId: w.physioA.id, lifetimeDays: '30' }),
  "revokeApiTokenAction — revoke an API token reading physio A's caseload": async (w) =>
    form({ tokenId: await w.apiTokenOfA() }),
  // A new id each call, so every allowed call publishes a version of its own.
  'uploadDefinitionAction — a new clinic questionnaire': () =>
    Promise.resolve(form({ definition: JSON.stringify(matrixQuestionnaire()) })),
  "saveDayLogAction — today's log ticking patient A's exercises": async (w) =>
    form({
      idempotencyKey: randomUUID(),
      date: w.today,
      // A's own exercise, which B's programme does not have.
      [`exercises.${w.patientAItems.at(-1)!.id}.exerciseId`]: w.patientAItems.at(-1)!.exerciseId,
      [`exercises.${w.patientAItems.at(-1)!.id}.change`]: '1',
      // A score, so that a note would be saved too (without one the note is refused).
      pain: '3',
      note: '',
    }),
  "saveReadingPreferencesAction — the signed-in patient's own text size and contrast": async () =>
    form({ textSize: 'standard', highContrast: 'false' }),
  "saveReminderPreferencesAction — the signed-in patient's own reminder choices": async () =>
    form({ intent: 'save', dailyTime: '18:00', day1: 'on', day3: 'on', push: 'on' }),
  "savePushSubscriptionAction — a Web Push subscription for the signed-in patient's phone":
    async () => form(matrixPushSubscription()),
  "removePushSubscriptionAction — turn off notifications on the signed-in patient's own phone":
    async (w, caller) => {
      // A phone of the caller's own to turn off (a caller with no patient account has none).
      const phone = matrixPushSubscription();
      if (caller.user?.role === 'patient') {
        await w.db.insert(pushSubscriptions).values({ patientId: caller.user.id, ...phone });
      }
      return form({ endpoint: phone.endpoint });
    },
  "saveOutcomeResponseAction — patient A's answers to a questionnaire due today": async (w) => {
    await w.db
      .insert(outcomeAssignments)
      .values({
        patientId: w.patientA.id,
        instrumentId: 'start-back',
        schedule: 'once',
        startsOn: w.today,
        createdBy: w.physioA.id,
      })
      .onConflictDoNothing();
    const answers = Object.fromEntries(
      ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9'].map((id) => [id, { option: 0 }]),
    );
    return form({
      idempotencyKey: randomUUID(),
      instrumentId: 'start-back',
      answers: JSON.stringify(answers),
    });
  },
  "skipOutcomeAction — not today for patient A's due questionnaire": async (w) => {
    await w.db
      .insert(outcomeAssignments)
      .values({
        patientId: w.patientA.id,
        instrumentId: 'psfs',
        schedule: 'once',
        startsOn: w.today,
        createdBy: w.physioA.id,
      })
      .onConflictDoNothing();
    return form({ instrumentId: 'psfs' });
  },
  'assignMeasureAction — ask a patient of physio A for STarT Back now': async (w) =>
    form({ patientId: (await w.patientOfA()).id, instrumentId: 'start-back', schedule: 'once' }),
  "stopMeasureAction — stop a questionnaire schedule of physio A's patient": async (w) => {
    const patient = await w.patientOfA();
    const [row] = await w.db
      .insert(outcomeAssignments)
      .values({
        patientId: patient.id,
        instrumentId: 'psfs',
        schedule: 'every_4_weeks',
        startsOn: w.today,
        createdBy: w.physioA.id,
      })
      .returning({ id: outcomeAssignments.id });
    return form({ assignmentId: row!.id });
  },
  // Idempotency keys are per account: another account sending a key physio A has used gets its
  // own result, never physio A's exercise.
  'createExerciseAction — a new exercise, with a key physio A has used': async (w, caller) =>
    form({
      name: `Exercise by ${caller.label}`,
      bodyRegion: 'lower_back',
      instructions: '1. Lie on your back.',
      defaultSets: '2',
      defaultReps: '10',
      defaultHoldSeconds: '',
      mediaUrl: '',
      idempotencyKey: caller.user?.id === w.physioA.id ? randomUUID() : w.keyOfA,
    }),
  "updateExerciseAction — physio A's own exercise": async (w, caller) =>
    form({
      id: await w.exerciseOfA(),
      name: `Renamed by ${caller.label}`,
      bodyRegion: 'core',
      instructions: '1. Breathe out.',
      defaultSets: '3',
      defaultReps: '12',
      defaultHoldSeconds: '5',
      mediaUrl: '',
    }),
  "archiveExerciseAction — physio A's own exercise": async (w) =>
    form({ id: await w.exerciseOfA(), archived: 'true' }),
  'saveRoutineAction — a new programme for a patient of physio A': async (w) =>
    form({
      patientId: (await w.patientOfA()).id,
      idempotencyKey: randomUUID(),
      title: 'Programme from the matrix',
      startDate: w.today,
      endDate: '',
      items: JSON.stringify([
        {
          exerciseId: w.libraryExerciseId,
          sets: '2',
          reps: '10',
          holdSeconds: '',
          daysMask: 127,
          timesPerDay: '1',
          note: '',
        },
      ]),
    }),
  "endRoutineAction — end a programme of physio A's patient today": async (w) =>
    form({
      patientId: (await w.patientOfA({ routineSince: addDays(w.today, -10) })).id,
      endDate: w.today,
    }),
  "addPatientAction — a new patient on the caller's own caseload": async () =>
    form({ name: 'New Patient', email: newEmail(), dateOfBirth: '', condition: '', goal: '' }),
  'dischargePatientAction — a patient of physio A': async (w) =>
    form({ patientId: (await w.patientOfA({ routineSince: w.today })).id }),
  'restorePatientAction — a discharged patient of physio A': async (w) =>
    form({ patientId: (await w.patientOfA({ discharged: true })).id }),
  'newSetPasswordLinkAction — a patient of physio A who never set a password': async (w) =>
    form({ userId: (await w.patientOfA({ password: false })).id }),
  'newSetPasswordLinkAction — a patient of physio A who has set a password': async (w) =>
    form({ userId: (await w.patientOfA({ password: true })).id }),
  'setPasswordAction — an unused link for a patient of physio A': async (w) => {
    const { token } = await w.linkOfA();
    return [{ token, password: PASSPHRASE, confirm: PASSPHRASE }];
  },
  'setPasswordAction — a link that was already used': async (w) => {
    const { token } = await w.linkOfA();
    const used = await redeemSetPasswordLink({ token, password: PASSPHRASE, ip: '192.0.2.1' });
    if (!used.ok) throw new Error('the link could not be used');
    return [{ token, password: 'another long passphrase 7', confirm: 'another long passphrase 7' }];
  },
};

/** Every string a call sent, to tell an echo of the caller's own input from a leak. */
export function sentStrings(args: unknown[]): string[] {
  const strings: string[] = [];
  const visit = (value: unknown) => {
    if (typeof value === 'string') {
      strings.push(value);
      if (value.startsWith('[') || value.startsWith('{')) {
        try {
          visit(JSON.parse(value));
        } catch {
          // not JSON after all: the string itself was recorded
        }
      }
    } else if (value instanceof FormData) {
      for (const [key, entry] of value.entries()) {
        strings.push(key);
        visit(entry);
      }
    } else if (value && typeof value === 'object') {
      for (const [key, entry] of Object.entries(value)) {
        strings.push(key);
        visit(entry);
      }
    }
  };
  args.forEach(visit);
  return strings;
}

export function submittedFields(args: unknown[]): Record<string, string> {
  const data = args.find((a): a is FormData => a instanceof FormData);
  return data ? Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v)])) : {};
}

/** Every server action the code exports, loaded by its `file#export` key. */
export async function loadServerActions(): Promise<Map<string, ServerAction>> {
  const loaded = new Map<string, ServerAction>();
  for (const entry of discoverAppSurface().serverActions) {
    const exports = (await import(/* @vite-ignore */ `${ROOT}/${entry.file}`)) as Record<
      string,
      unknown
    >;
    const exported = exports[entry.name];
    if (typeof exported !== 'function') throw new Error(`${entry.key} is not a function`);
    loaded.set(entry.key, exported as ServerAction);
  }
  return loaded;
}
