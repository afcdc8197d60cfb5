import { randomUUID } from 'node:crypto';
import { compareWithTable, discoverAppSurface } from '../support/app-surface';
import {
  IDENTITIES,
  IDENTITY_LABELS,
  NOT_A_SIDE,
  PAGES,
  PUBLIC_FILES,
  ROUTE_HANDLERS,
  SERVER_ACTIONS,
  actionRowName,
  httpRowName,
  satisfies,
  type ActionRow,
  type HttpRow,
  type IdentityName,
  type RecordOfA,
} from '../support/authorisation-table';
import { DEMO, expect, test } from './fixtures';
import {
  builtServerActions,
  classify,
  newClient,
  postAction,
  postCredentials,
  signInOverHttp,
  type HttpAnswer,
  type HttpIdentity,
} from './http-client';

// The matrix of tests/support/authorisation-table.ts over HTTP, against the production build:
// every page and route handler as each identity, and every server action as each identity that
// may not use it, posted the way the browser posts it. A's side is physio3 and their patient
// patient06; B's side is physio2 and patient05; patient09 (physio3's) signs in and is then
// deactivated. No other spec changes these accounts.
const ACCOUNTS = {
  patientA: { email: 'patient06@demo.test', name: 'Sofia Rossi' },
  patientB: { email: 'patient05@demo.test' },
  physioA: { email: 'physio3@demo.test', name: 'Hannah Lindqvist' },
  physioB: { email: 'physio2@demo.test' },
  admin: { email: DEMO.admin },
  deactivated: { email: 'patient09@demo.test' },
} as const;

const run = Date.now().toString(36);

interface RecordsOfA {
  values: Record<RecordOfA, string>;
  /** Patient A's programme items, as their today page carries them. */
  itemIds: string[];
  /** The same items with their exercises, as a save names them. */
  items: { id: string; exerciseId: string }[];
  /** Patient A's pain note of today. */
  note: string;
  /** Everything of A's that nobody outside A's side may receive. */
  markers: string[];
}

let identities: Record<IdentityName, HttpIdentity>;
let recordsOfA: RecordsOfA;
const actionIds = new Map(builtServerActions().map((a) => [a.key, a]));

function actionId(key: string): string {
  const built = actionIds.get(key);
  if (!built) throw new Error(`${key} is not in the build's server-action manifest`);
  return built.id;
}

/** A URL pattern with its dynamic segments and query filled from A's records. */
function fill(route: string, params: HttpRow['params'] = {}, query: HttpRow['query'] = {}) {
  const value = (v: string) => (v in recordsOfA.values ? recordsOfA.values[v as RecordOfA] : v);
  const filled = route.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, name: string) => {
    const given = params[name];
    if (!given) throw new Error(`no value for [${name}] of ${route}`);
    return value(given);
  });
  const search = new URLSearchParams(
    Object.entries(query).map(([k, v]) => [k, value(v)] as [string, string]),
  ).toString();
  return search ? `${filled}?${search}` : filled;
}

function htmlVariants(text: string): string[] {
  const escaped = text.replace(/&/g, '&amp;').replace(/'/g, '&#x27;').replace(/"/g, '&quot;');
  return [...new Set([text, escaped, JSON.stringify(text).slice(1, -1)])];
}

/** A's markers found in an answer, less those the request itself carried. */
function leaks(answer: HttpAnswer, sent: string): string[] {
  return recordsOfA.markers.filter(
    (marker) => !sent.includes(marker) && htmlVariants(marker).some((v) => answer.body.includes(v)),
  );
}

/** An account's id, as the admin's account list links to it. */
async function accountId(admin: HttpIdentity, email: string): Promise<string> {
  const list = await (await admin.request.get(`/admin?search=${encodeURIComponent(email)}`)).text();
  const ids = new Set([...list.matchAll(/\/admin\/accounts\/([0-9a-f-]{36})/g)].map((m) => m[1]));
  expect(ids.size, `one account for ${email}`).toBe(1);
  return [...ids][0]!;
}

// Runs again in a fresh worker after a failed test, so it starts by undoing its own last step.
test.beforeAll(async ({ playwright }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL!;
  const signIn = (who: Exclude<IdentityName, 'signedOut'>) =>
    signInOverHttp(playwright, baseURL, IDENTITY_LABELS[who], ACCOUNTS[who].email);
  const admin = await signIn('admin');
  const setActive = (userId: string, active: boolean) =>
    postAction(admin, '/admin', actionId('app/admin/actions.ts#setAccountActiveAction'), {
      form: { userId, active: String(active) },
    });
  const deactivatedId = await accountId(admin, ACCOUNTS.deactivated.email);
  expect((await setActive(deactivatedId, true)).outcome).toBe('allow');
  identities = {
    signedOut: { label: 'signed out', request: await newClient(playwright, baseURL), userId: null },
    patientA: await signIn('patientA'),
    patientB: await signIn('patientB'),
    physioA: await signIn('physioA'),
    physioB: await signIn('physioB'),
    admin,
    deactivated: await signIn('deactivated'),
  };

  // A's records: an exercise of physio A's own, a set-password link for patient A, a pain note
  // of patient A's, and patient A's programme as their today page shows it.
  const exerciseName = `Alder slide ${run}`;
  const created = await postAction(
    identities.physioA,
    '/physio/exercises/new',
    actionId('app/physio/exercises/actions.ts#createExerciseAction'),
    {
      form: {
        name: exerciseName,
        bodyRegion: 'core',
        instructions: '1. Slide your heel away.\n2. Bring it back.',
        defaultSets: '2',
        defaultReps: '10',
        defaultHoldSeconds: '',
        mediaUrl: '',
        idempotencyKey: randomUUID(),
      },
    },
  );
  const exerciseA = /^\/physio\/exercises\/([0-9a-f-]{36})$/.exec(created.redirect ?? '')?.[1];
  expect(exerciseA, `physio A creates an exercise: ${created.body.slice(0, 200)}`).toBeTruthy();

  const patientA = identities.patientA.userId!;
  const link = await postAction(
    identities.admin,
    `/admin/accounts/${patientA}`,
    actionId('app/(auth)/set-password/actions.ts#newSetPasswordLinkAction'),
    { form: { userId: patientA } },
  );
  const tokenA = /\/set-password\/([\w-]+)$/.exec(link.state?.data?.link ?? '')?.[1];
  expect(tokenA, `the admin issues a link for patient A: ${link.body.slice(0, 200)}`).toBeTruthy();

  const madeToken = await postAction(
    identities.admin,
    '/admin/tokens',
    actionId('app/admin/tokens/actions.ts#createApiTokenAction'),
    {
      form: {
        name: `Alder EHR ${run}`,
        scope: 'caseload',
        physioId: identities.physioA.userId!,
        lifetimeDays: '30',
      },
    },
  );
  const apiTokenA = madeToken.state?.data?.id;
  expect(apiTokenA, `the admin creates an API token: ${madeToken.body.slice(0, 200)}`).toBeTruthy();

  // The admin's Bulk Data export, built by the server at once (the demo clinic is small).
  const kickOff = await identities.admin.request.get('/fhir/R4/$export', {
    headers: { prefer: 'respond-async' },
  });
  expect(kickOff.status(), await kickOff.text()).toBe(202);
  const exportA = /\/bulk-status\/([0-9a-f-]{36})$/.exec(
    kickOff.headers()['content-location'] ?? '',
  )?.[1];
  await expect
    .poll(
      async () => (await identities.admin.request.get(`/fhir/R4/bulk-status/${exportA}`)).status(),
      {
        timeout: 60_000,
      },
    )
    .toBe(200);

  const note = `Alder note ${run}: stiff after gardening`;
  const today = new Date().toISOString().slice(0, 10);
  const logged = await identities.patientA.request.post('/api/patient/day-log', {
    data: { idempotencyKey: randomUUID(), date: today, pain: 4, note },
  });
  expect(logged.status(), await logged.text()).toBe(200);

  const todayPage = (await (await identities.patientA.request.get('/patient')).text()).replace(
    /\\"/g,
    '"',
  );
  const idsOf = (field: string) =>
    [...todayPage.matchAll(new RegExp(`"id":"([0-9a-f-]{36})","${field}"`, 'g'))].map((m) => m[1]!);
  const routineIds = idsOf('title');
  const items = [
    ...todayPage.matchAll(/"id":"([0-9a-f-]{36})","exerciseId":"([0-9a-f-]{36})","exerciseName"/g),
  ].map((m) => ({ id: m[1]!, exerciseId: m[2]! }));
  const itemIds = items.map((item) => item.id);
  expect(routineIds.length, "patient A's programme is on their today page").toBe(1);
  expect(itemIds.length, "patient A's exercises are on their today page").toBeGreaterThan(0);

  recordsOfA = {
    values: {
      patientA,
      physioA: identities.physioA.userId!,
      exerciseA: exerciseA!,
      tokenA: tokenA!,
      apiTokenA: apiTokenA!,
      exportA: exportA!,
    },
    itemIds,
    items,
    note,
    markers: [
      patientA,
      ACCOUNTS.patientA.email,
      ACCOUNTS.patientA.name,
      identities.physioA.userId!,
      ACCOUNTS.physioA.email,
      ACCOUNTS.physioA.name,
      exerciseA!,
      exerciseName,
      note,
      ...routineIds,
      ...itemIds,
    ],
  };

  // The deactivated account was signed in and working; the admin deactivates it, and from its
  // next request on it is signed out.
  expect((await identities.deactivated.request.get('/patient')).status()).toBe(200);
  const deactivated = await setActive(deactivatedId, false);
  expect(deactivated.outcome, deactivated.body.slice(0, 300)).toBe('allow');
  expect((await identities.deactivated.request.get('/patient')).status()).toBe(307);
});

test.afterAll(async () => {
  for (const identity of Object.values(identities ?? {})) await identity.request.dispose();
});

test('every page, route handler and public file in the code has a row, and every row is in the code', () => {
  const surface = discoverAppSurface();
  expect(
    compareWithTable(
      surface.pages.map((p) => p.route),
      [...new Set(PAGES.map((row) => row.route))],
    ),
  ).toEqual({ missingFromTable: [], notInCode: [] });
  expect(
    compareWithTable(
      surface.routeHandlers.flatMap((r) => r.methods.map((m) => `${m} ${r.route}`)),
      [...new Set(ROUTE_HANDLERS.map((row) => `${row.method} ${row.route}`))],
    ),
  ).toEqual({ missingFromTable: [], notInCode: [] });
  expect(
    compareWithTable(
      surface.publicFiles,
      PUBLIC_FILES.map((row) => row.route),
    ),
  ).toEqual({ missingFromTable: [], notInCode: [] });
});

test("the build's server actions are exactly those the matrix checks", () => {
  expect(
    compareWithTable([...actionIds.keys()], [...new Set(SERVER_ACTIONS.map((row) => row.action))]),
  ).toEqual({ missingFromTable: [], notInCode: [] });
  expect(
    compareWithTable(
      [...actionIds.keys()],
      discoverAppSurface().serverActions.map((a) => a.key),
    ),
  ).toEqual({ missingFromTable: [], notInCode: [] });
});

test("the no-leak check finds A's data where A's side may see it", async () => {
  // Without this, a marker the pages never show would make every "no data of A" check pass.
  const record = await classify(
    await identities.physioA.request.get(`/physio/patients/${recordsOfA.values.patientA}`),
  );
  expect(leaks(record, '')).toEqual(
    expect.arrayContaining([
      ACCOUNTS.patientA.name,
      ACCOUNTS.patientA.email,
      ACCOUNTS.physioA.name,
      recordsOfA.note,
    ]),
  );
  const today = await classify(await identities.patientA.request.get('/patient'));
  expect(leaks(today, '')).toEqual(expect.arrayContaining(recordsOfA.itemIds));
  const exercise = await classify(
    await identities.physioA.request.get(`/physio/exercises/${recordsOfA.values.exerciseA}`),
  );
  expect(leaks(exercise, '')).toEqual(expect.arrayContaining([recordsOfA.values.exerciseA]));
});

/** Sends one row's request as one identity. */
async function request(
  row: HttpRow,
  who: IdentityName,
): Promise<{ answer: HttpAnswer; sent: string }> {
  const identity = identities[who];
  const url = fill(row.route, row.params, row.query);
  if (row.route === '/api/auth/[...nextauth]' && row.method === 'POST') {
    const response = await postCredentials(identity, ACCOUNTS.patientA.email, '');
    return { answer: await classify(response), sent: `${url}\n${ACCOUNTS.patientA.email}` };
  }
  if (row.route === '/api/patient/day-log') {
    const body = {
      idempotencyKey: randomUUID(),
      date: new Date().toISOString().slice(0, 10),
      exercises: {
        [recordsOfA.items[0]!.id]: { exerciseId: recordsOfA.items[0]!.exerciseId, change: 1 },
      },
      pain: 4,
      note: recordsOfA.note,
    };
    const response = await identity.request.post(url, { data: body });
    return { answer: await classify(response), sent: `${url}\n${JSON.stringify(body)}` };
  }
  const response = await identity.request.fetch(url, { method: row.method, headers: row.headers });
  return { answer: await classify(response), sent: url };
}

for (const row of [...PAGES, ...ROUTE_HANDLERS, ...PUBLIC_FILES]) {
  test(httpRowName(row), async () => {
    for (const who of IDENTITIES) {
      const expected = row.outcomes[who];
      const { answer, sent } = await request(row, who);
      const said = `${IDENTITY_LABELS[who]} got ${answer.outcome} (${answer.status}) for ${sent}`;
      expect.soft(satisfies(expected, answer.outcome), `${said}, expected ${expected}`).toBe(true);
      if (NOT_A_SIDE.includes(who) && !row.showsAToAnyone) {
        expect.soft(leaks(answer, sent), `${said}: data of A`).toEqual([]);
      }
    }
  });
}

/** What each action is posted with: A's records in every field that names a record. */
function actionInput(
  row: ActionRow,
): { form: Record<string, string> } | { input: Record<string, unknown> } {
  const a = recordsOfA.values;
  const today = new Date().toISOString().slice(0, 10);
  const [name] = row.action.split('#').slice(1);
  switch (name) {
    case 'setAccountActiveAction':
      return { form: { userId: a.patientA, active: 'false' } };
    case 'createAccountAction':
      return {
        form: {
          role: 'patient',
          name: `Matrix Patient ${run}`,
          email: `matrix.${run}.${randomUUID().slice(0, 6)}@example.org`,
          dateOfBirth: '',
          condition: '',
          goal: '',
          physioId: a.physioA,
        },
      };
    case 'reassignPatientAction':
      return { form: { patientId: a.patientA, physioId: identities.physioB.userId! } };
    case 'saveDayLogAction':
      return {
        form: {
          idempotencyKey: randomUUID(),
          date: today,
          [`exercises.${recordsOfA.items[0]!.id}.exerciseId`]: recordsOfA.items[0]!.exerciseId,
          [`exercises.${recordsOfA.items[0]!.id}.change`]: '1',
          pain: '',
          note: '',
        },
      };
    case 'saveReadingPreferencesAction':
      return { form: { textSize: 'standard' } };
    case 'saveReminderPreferencesAction':
      return { form: { intent: 'save', dailyTime: '18:00', day1: 'on', push: 'on' } };
    case 'savePushSubscriptionAction':
      return {
        form: {
          endpoint: `https://push.example.com/send/matrix-${randomUUID()}`,
          p256dh: `B${'A'.repeat(86)}`,
          auth: 'AAAAAAAAAAAAAAAAAAAAAA',
        },
      };
    case 'removePushSubscriptionAction':
      return { form: { endpoint: 'https://push.example.com/send/patient-a-phone' } };
    case 'saveOutcomeResponseAction':
      // Answers to the STarT Back tool, as patient A would send them (nine answers, option 0).
      return {
        form: {
          idempotencyKey: randomUUID(),
          instrumentId: 'start-back',
          answers: JSON.stringify(
            Object.fromEntries(
              ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9'].map((q) => [q, { option: 0 }]),
            ),
          ),
        },
      };
    case 'skipOutcomeAction':
      return { form: { instrumentId: 'psfs' } };
    case 'assignMeasureAction':
      return { form: { patientId: a.patientA, instrumentId: 'start-back', schedule: 'once' } };
    case 'stopMeasureAction':
      // The shared demo clinic holds no schedule of A's that this run may stop; an id that names
      // none is refused like another physio's (tests/integration/authorisation-matrix.test.ts
      // stops a real schedule of A's as each identity).
      return { form: { assignmentId: randomUUID() } };
    case 'createExerciseAction':
    case 'updateExerciseAction':
      return {
        form: {
          ...(name === 'updateExerciseAction'
            ? { id: a.exerciseA }
            : { idempotencyKey: randomUUID() }),
          name: `Matrix exercise ${run}`,
          bodyRegion: 'core',
          instructions: '1. Breathe.',
          defaultSets: '2',
          defaultReps: '10',
          defaultHoldSeconds: '',
          mediaUrl: '',
        },
      };
    case 'archiveExerciseAction':
      return { form: { id: a.exerciseA, archived: 'true' } };
    case 'saveRoutineAction':
      return {
        form: {
          patientId: a.patientA,
          idempotencyKey: randomUUID(),
          title: `Matrix programme ${run}`,
          startDate: today,
          endDate: '',
          items: JSON.stringify([
            {
              exerciseId: a.exerciseA,
              sets: '2',
              reps: '10',
              holdSeconds: '',
              daysMask: 127,
              timesPerDay: '1',
              note: '',
            },
          ]),
        },
      };
    case 'endRoutineAction':
      return { form: { patientId: a.patientA, endDate: today } };
    case 'addPatientAction':
      return {
        form: {
          name: `Matrix Patient ${run}`,
          email: `matrix.${run}.${randomUUID().slice(0, 6)}@example.org`,
          dateOfBirth: '',
          condition: '',
          goal: '',
        },
      };
    case 'dischargePatientAction':
    case 'restorePatientAction':
      return { form: { patientId: a.patientA } };
    case 'newSetPasswordLinkAction':
      return { form: { userId: a.patientA } };
    case 'createApiTokenAction':
      return {
        form: {
          name: `Matrix EHR ${run}`,
          scope: 'caseload',
          physioId: a.physioA,
          lifetimeDays: '30',
        },
      };
    case 'revokeApiTokenAction':
      return { form: { tokenId: a.apiTokenA } };
    case 'uploadDefinitionAction':
      // Refused for everyone it runs as here (only the admin may, and allowed rows are not sent).
      return {
        form: {
          definition: JSON.stringify({
            id: `matrix-${run}`
              .toLowerCase()
              .replace(/[^a-z0-9_-]/g, '-')
              .slice(0, 40),
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
          }),
        },
      };
    case 'setPasswordAction':
      // Never A's live link: a token that matches no link, answered like a used one.
      return {
        input: {
          token: randomUUID() + randomUUID(),
          password: 'a long enough passphrase 42',
          confirm: 'a long enough passphrase 42',
        },
      };
    default:
      throw new Error(`no HTTP input for ${row.action}`);
  }
}

for (const row of SERVER_ACTIONS) {
  // Only the refusals: what is allowed changes the shared demo clinic, and is checked on both
  // databases by tests/integration/authorisation-matrix.test.ts.
  const refused = IDENTITIES.filter((who) => row.outcomes[who] !== 'allow');
  if (refused.length === 0) continue;
  test(`action ${actionRowName(row)}`, async () => {
    const built = actionIds.get(row.action)!;
    const page = built.pages[0]!;
    for (const who of refused) {
      const expected = row.outcomes[who];
      const input = actionInput(row);
      const path = fill(page, {
        id: /\/physio\/exercises/.test(page) ? 'exerciseA' : 'patientA',
        token: 'x'.repeat(43),
      });
      const answer = await postAction(identities[who], path, built.id, input);
      const sent = `${path}\n${JSON.stringify(input)}`;
      const said = `${IDENTITY_LABELS[who]} got ${answer.outcome} (${answer.status}) posting to ${path}`;
      expect
        .soft(
          satisfies(expected, answer.outcome),
          `${said}, expected ${expected}: ${answer.body.slice(0, 300)}`,
        )
        .toBe(true);
      if (NOT_A_SIDE.includes(who))
        expect.soft(leaks(answer, sent), `${said}: data of A`).toEqual([]);
    }
  });
}

test('a signed-out POST of any action, through any page, is asked to sign in', async () => {
  // A client may post an action id to a page other than its own; Next.js then forwards it.
  for (const built of actionIds.values()) {
    if (built.key.endsWith('#setPasswordAction')) continue; // public: the link is the credential
    const row = SERVER_ACTIONS.find((r) => r.action === built.key)!;
    const answer = await postAction(identities.signedOut, '/login', built.id, actionInput(row));
    expect
      .soft(
        answer.outcome,
        `${built.key} posted to /login: ${answer.status} ${answer.body.slice(0, 120)}`,
      )
      .toBe('signIn');
  }
});
