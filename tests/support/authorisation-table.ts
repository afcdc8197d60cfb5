// Who may use each page, route handler and server action, and what everyone else gets: the
// authorisation matrix of the spec ("People and what they do", "Security model"), one row per
// endpoint, checked over HTTP by tests/e2e/authorisation-matrix.spec.ts (pages, route handlers,
// actions as a browser posts them) and by tests/integration/authorisation-matrix.test.ts (actions,
// on both databases). A page, route or action with no row here fails both.
//
// The identities: a visitor who is not signed in; patient A and physio A, who looks after them;
// patient B and physio B likewise; an admin; and an account that signed in and was then
// deactivated. "A's records" are physio A's patients, their programmes and logs, and physio A's
// own library exercises: every dynamic part of a URL or form is filled with one of them.
//
// The outcomes:
//   allow     it works (200; the action succeeds and saves)
//   home      sent to their own home page (/patient, /physio or /admin)
//   signIn    asked to sign in (redirect to /login, 401, "sign in again"); nothing changes
//   notFound  "not found" (404, the not-found page, a not-found answer); nothing changes
//   deny      a wrong role for an action: "not found" or "sign in", either way nothing changes
//   refuse    refused with a message (a rule, or "not found"); nothing changes
// and whoever is not on A's side (the signed-out visitor, patient B, physio B, the deactivated
// account) never receives a name, email, note or id of A's unless the row says why. A signed-in
// identity's deny or notFound is also written to the audit log, once (issue 11, finding 5). The
// integration test runs the deactivated column as a patient, a physio and an admin.

export const IDENTITIES = [
  'signedOut',
  'patientA',
  'patientB',
  'physioA',
  'physioB',
  'admin',
  'deactivated',
] as const;
export type IdentityName = (typeof IDENTITIES)[number];

export const IDENTITY_LABELS: Record<IdentityName, string> = {
  signedOut: 'signed out',
  patientA: 'patient A',
  patientB: 'patient B',
  physioA: 'physio A',
  physioB: 'physio B',
  admin: 'admin',
  deactivated: 'deactivated account',
};

/** Who must never see A's data (the admin and A's own side may). */
export const NOT_A_SIDE: readonly IdentityName[] = [
  'signedOut',
  'patientB',
  'physioB',
  'deactivated',
];

export type Expected = 'allow' | 'home' | 'signIn' | 'notFound' | 'deny' | 'refuse';
export type Outcomes = Record<IdentityName, Expected>;

/** One column per identity, in the order of IDENTITIES. */
function who(
  signedOut: Expected,
  patientA: Expected,
  patientB: Expected,
  physioA: Expected,
  physioB: Expected,
  admin: Expected,
  deactivated: Expected,
): Outcomes {
  return { signedOut, patientA, patientB, physioA, physioB, admin, deactivated };
}

/** A's records, by the names the rows use to fill URLs and forms. */
export type RecordOfA = 'patientA' | 'physioA' | 'exerciseA' | 'tokenA' | 'apiTokenA' | 'exportA';

export interface HttpRow {
  /** The route as discovered from app/ (its file's URL pattern). */
  route: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Request headers the row sends (e.g. a Bulk Data kick-off's `Prefer: respond-async`). */
  headers?: Record<string, string>;
  /** What this row asks, when a route has several rows. */
  variant?: string;
  /** Dynamic segments, filled with A's records. */
  params?: Record<string, RecordOfA | string>;
  /** Query parameters, filled with A's records. */
  query?: Record<string, RecordOfA>;
  outcomes: Outcomes;
  /** Why A's data may appear in answers to others (the no-leak check is then skipped). */
  showsAToAnyone?: string;
}

const page = (
  route: string,
  outcomes: Outcomes,
  more: Omit<HttpRow, 'route' | 'method' | 'outcomes'> = {},
): HttpRow => ({ route, method: 'GET', outcomes, ...more });

const route = (
  method: HttpRow['method'],
  path: string,
  outcomes: Outcomes,
  more: Omit<HttpRow, 'route' | 'method' | 'outcomes'> = {},
): HttpRow => ({ route: path, method, outcomes, ...more });

// prettier-ignore
export const PAGES: readonly HttpRow[] = [
  //                                          signed out  patient A   patient B   physio A    physio B    admin       deactivated
  page('/',                               who('signIn',   'home',     'home',     'home',     'home',     'home',     'signIn')),
  page('/login',                          who('allow',    'home',     'home',     'home',     'home',     'home',     'allow')),
  page('/set-password/[token]',           who('allow',    'allow',    'allow',    'allow',    'allow',    'allow',    'allow'), { params: { token: 'tokenA' }, showsAToAnyone: 'the link is the credential: its holder is greeted as its account' }),
  page('/admin',                          who('signIn',   'notFound', 'notFound', 'notFound', 'notFound', 'allow',    'signIn')),
  page('/admin/accounts/[id]',            who('signIn',   'notFound', 'notFound', 'notFound', 'notFound', 'allow',    'signIn'), { params: { id: 'patientA' } }),
  page('/admin/accounts/new',             who('signIn',   'notFound', 'notFound', 'notFound', 'notFound', 'allow',    'signIn')),
  page('/admin/audit',                    who('signIn',   'notFound', 'notFound', 'notFound', 'notFound', 'allow',    'signIn')),
  page('/admin/figures',                  who('signIn',   'notFound', 'notFound', 'notFound', 'notFound', 'allow',    'signIn')),
  page('/admin/reports',                  who('signIn',   'notFound', 'notFound', 'notFound', 'notFound', 'allow',    'signIn')),
  page('/admin/questionnaires',           who('signIn',   'notFound', 'notFound', 'notFound', 'notFound', 'allow',    'signIn')),
  page('/admin/tokens',                   who('signIn',   'notFound', 'notFound', 'notFound', 'notFound', 'allow',    'signIn')),
  page('/patient',                        who('signIn',   'allow',    'allow',    'notFound', 'notFound', 'notFound', 'signIn')),
  page('/patient/progress',               who('signIn',   'allow',    'allow',    'notFound', 'notFound', 'notFound', 'signIn')),
  page('/patient/settings',               who('signIn',   'allow',    'allow',    'notFound', 'notFound', 'notFound', 'signIn')),
  page('/physio',                         who('signIn',   'notFound', 'notFound', 'allow',    'allow',    'notFound', 'signIn')),
  page('/physio/exercises',               who('signIn',   'notFound', 'notFound', 'allow',    'allow',    'notFound', 'signIn')),
  page('/physio/exercises/new',           who('signIn',   'notFound', 'notFound', 'allow',    'allow',    'notFound', 'signIn')),
  // Physio B may start a new exercise, but not from a copy of A's.
  page('/physio/exercises/new',           who('signIn',   'notFound', 'notFound', 'allow',    'allow',    'notFound', 'signIn'), { variant: "as a copy of A's exercise", query: { from: 'exerciseA' } }),
  page('/physio/exercises/[id]',          who('signIn',   'notFound', 'notFound', 'allow',    'notFound', 'notFound', 'signIn'), { params: { id: 'exerciseA' } }),
  page('/physio/exercises/[id]/edit',     who('signIn',   'notFound', 'notFound', 'allow',    'notFound', 'notFound', 'signIn'), { params: { id: 'exerciseA' } }),
  page('/physio/patients/new',            who('signIn',   'notFound', 'notFound', 'allow',    'allow',    'notFound', 'signIn')),
  page('/physio/patients/[id]',           who('signIn',   'notFound', 'notFound', 'allow',    'notFound', 'notFound', 'signIn'), { params: { id: 'patientA' } }),
  page('/physio/patients/[id]/routine',   who('signIn',   'notFound', 'notFound', 'allow',    'notFound', 'notFound', 'signIn'), { params: { id: 'patientA' } }),
];

// prettier-ignore
export const ROUTE_HANDLERS: readonly HttpRow[] = [
  //                                                        signed out  patient A   patient B   physio A    physio B    admin       deactivated
  route('GET', '/api/auth/[...nextauth]',                 who('allow',    'allow',    'allow',    'allow',    'allow',    'allow',    'allow'), { variant: 'the session', params: { nextauth: 'session' } }),
  // Signing in with A's email and no password: refused alike for everyone, saying nothing of A.
  route('POST', '/api/auth/[...nextauth]',                who('signIn',   'signIn',   'signIn',   'signIn',   'signIn',   'signIn',   'signIn'), { variant: "sign-in with A's email, no password", params: { nextauth: 'callback/credentials' } }),
  route('GET', '/api/health',                             who('allow',    'allow',    'allow',    'allow',    'allow',    'allow',    'allow')),
  route('GET', '/api/ready',                              who('allow',    'allow',    'allow',    'allow',    'allow',    'allow',    'allow')),
  // A save of today ticking A's exercises: patient A's own log; for patient B they are not theirs.
  route('POST', '/api/patient/day-log',                   who('signIn',   'allow',    'refuse',   'notFound', 'notFound', 'notFound', 'signIn'), { variant: "today, ticking A's exercises" }),
  // "Download my data": each patient their own files (patient B gets B's, with nothing of A's).
  route('GET', '/api/patient/my-data/[file]',             who('signIn',   'allow',    'allow',    'notFound', 'notFound', 'notFound', 'signIn'), { variant: 'own FHIR record', params: { file: 'record.fhir.json' } }),
  route('GET', '/api/patient/my-data/[file]',             who('signIn',   'allow',    'allow',    'notFound', 'notFound', 'notFound', 'signIn'), { variant: 'own weekly CSV', params: { file: 'weekly.csv' } }),
  route('GET', '/api/patient/my-data/[file]',             who('signIn',   'allow',    'allow',    'notFound', 'notFound', 'notFound', 'signIn'), { variant: 'own progress report', params: { file: 'progress.pdf' } }),
  route('GET', '/api/reports/weekly.csv',                 who('signIn',   'notFound', 'notFound', 'allow',    'allow',    'allow',    'signIn'), { variant: 'own scope (no filter)' }),
  route('GET', '/api/reports/weekly.csv',                 who('signIn',   'notFound', 'notFound', 'allow',    'notFound', 'allow',    'signIn'), { variant: "physio A's caseload", query: { physio: 'physioA' } }),
  route('GET', '/api/reports/outcomes.csv',               who('signIn',   'notFound', 'notFound', 'notFound', 'notFound', 'allow',    'signIn')),
  route('GET', '/api/reports/patients/[id]/progress.pdf', who('signIn',   'notFound', 'notFound', 'allow',    'notFound', 'allow',    'signIn'), { params: { id: 'patientA' } }),
  // The FHIR R4 API (issue 16): the CapabilityStatement is public; records follow the app's rules.
  route('GET', '/fhir/R4/metadata',                       who('allow',    'allow',    'allow',    'allow',    'allow',    'allow',    'allow')),
  route('GET', '/fhir/R4/[type]/[id]',                    who('signIn',   'allow',    'notFound', 'allow',    'notFound', 'allow',    'signIn'), { variant: 'patient A', params: { type: 'Patient', id: 'patientA' } }),
  route('GET', '/fhir/R4/[type]/[id]',                    who('signIn',   'allow',    'notFound', 'allow',    'notFound', 'allow',    'signIn'), { variant: 'physio A as a Practitioner', params: { type: 'Practitioner', id: 'physioA' } }),
  route('GET', '/fhir/R4/[type]/[id]/[operation]',        who('signIn',   'allow',    'notFound', 'allow',    'notFound', 'allow',    'signIn'), { variant: "patient A's $everything", params: { type: 'Patient', id: 'patientA', operation: '$everything' } }),
  // A search finds, for whoever may not see patient A, an empty Bundle: no records, and no error.
  route('GET', '/fhir/R4/[type]',                         who('signIn',   'allow',    'allow',    'allow',    'allow',    'allow',    'signIn'), { variant: "patient A's Observations", params: { type: 'Observation' }, query: { patient: 'patientA' } }),
  route('GET', '/fhir/R4/[type]',                         who('signIn',   'allow',    'allow',    'allow',    'allow',    'allow',    'signIn'), { variant: 'patients by _id, patient A', params: { type: 'Patient' }, query: { _id: 'patientA' } }),
  // Bulk Data export: admins only; the status and files only for whoever asked ("exportA": the admin's export).
  route('GET', '/fhir/R4/$export',                        who('signIn',   'notFound', 'notFound', 'notFound', 'notFound', 'allow',    'signIn'), { headers: { prefer: 'respond-async' } }),
  route('GET', '/fhir/R4/Patient/$export',                who('signIn',   'notFound', 'notFound', 'notFound', 'notFound', 'allow',    'signIn'), { headers: { prefer: 'respond-async' } }),
  route('GET', '/fhir/R4/bulk-status/[job]',              who('signIn',   'notFound', 'notFound', 'notFound', 'notFound', 'allow',    'signIn'), { params: { job: 'exportA' } }),
  route('GET', '/fhir/R4/bulk-files/[job]/[file]',        who('signIn',   'notFound', 'notFound', 'notFound', 'notFound', 'allow',    'signIn'), { params: { job: 'exportA', file: 'Patient.ndjson' } }),
  route('DELETE', '/fhir/R4/bulk-status/[job]',           who('signIn',   'notFound', 'notFound', 'notFound', 'notFound', 'allow',    'signIn'), { params: { job: 'exportA' } }),
  // Installing Adhere on a phone (issue 18): the manifest and the service worker are the same for
  // everyone, and a browser fetches both without cookies.
  route('GET', '/manifest.webmanifest',                   who('allow',    'allow',    'allow',    'allow',    'allow',    'allow',    'allow')),
  route('GET', '/sw.js',                                  who('allow',    'allow',    'allow',    'allow',    'allow',    'allow',    'allow')),
];

// The files of public/, served as they are to anyone: the icons the manifest names.
// prettier-ignore
export const PUBLIC_FILES: readonly HttpRow[] = [
  //                                                        signed out  patient A   patient B   physio A    physio B    admin       deactivated
  route('GET', '/icons/apple-touch-icon.png',             who('allow',    'allow',    'allow',    'allow',    'allow',    'allow',    'allow')),
  route('GET', '/icons/icon-192.png',                     who('allow',    'allow',    'allow',    'allow',    'allow',    'allow',    'allow')),
  route('GET', '/icons/icon-512.png',                     who('allow',    'allow',    'allow',    'allow',    'allow',    'allow',    'allow')),
  route('GET', '/icons/icon-maskable-512.png',            who('allow',    'allow',    'allow',    'allow',    'allow',    'allow',    'allow')),
];

export interface ActionRow {
  /** `file#export`, as discovered from the 'use server' modules. */
  action: string;
  /** The record of A's the call is about, in words (the tests build it). */
  target: string;
  outcomes: Outcomes;
  showsAToAnyone?: string;
}

const action = (
  key: string,
  target: string,
  outcomes: Outcomes,
  more: Pick<ActionRow, 'showsAToAnyone'> = {},
): ActionRow => ({ action: key, target, outcomes, ...more });

// prettier-ignore
export const SERVER_ACTIONS: readonly ActionRow[] = [
  //                                  signed out  patient A   patient B   physio A    physio B    admin       deactivated
  action('app/admin/actions.ts#setAccountActiveAction', 'deactivate a patient of physio A',
                                  who('signIn',   'deny',     'deny',     'deny',     'deny',     'allow',    'signIn')),
  action('app/admin/actions.ts#createAccountAction', 'a new patient for physio A',
                                  who('signIn',   'deny',     'deny',     'deny',     'deny',     'allow',    'signIn')),
  action('app/admin/actions.ts#reassignPatientAction', 'hand a patient of physio A to physio B',
                                  who('signIn',   'deny',     'deny',     'deny',     'deny',     'allow',    'signIn')),
  action('app/admin/tokens/actions.ts#createApiTokenAction', "an API token reading physio A's caseload",
                                  who('signIn',   'deny',     'deny',     'deny',     'deny',     'allow',    'signIn')),
  action('app/admin/tokens/actions.ts#revokeApiTokenAction', "revoke an API token reading physio A's caseload",
                                  who('signIn',   'deny',     'deny',     'deny',     'deny',     'allow',    'signIn')),
  // Issue 17: a clinic-added questionnaire is the clinic's, not A's; only an admin adds one.
  action('app/admin/questionnaires/actions.ts#uploadDefinitionAction', 'a new clinic questionnaire',
                                  who('signIn',   'deny',     'deny',     'deny',     'deny',     'allow',    'signIn')),
  action('app/patient/actions.ts#saveDayLogAction', "today's log ticking patient A's exercises",
                                  who('signIn',   'allow',    'refuse',   'deny',     'deny',     'deny',     'signIn')),
  // Names no record: each patient sets their own (the standard size, so other specs' pages stay as they were).
  action('app/patient/actions.ts#saveReadingPreferencesAction', "the signed-in patient's own text size and contrast",
                                  who('signIn',   'allow',    'allow',    'deny',     'deny',     'deny',     'signIn')),
  // Issue 18: reminders and phones are the signed-in patient's own; staff have none.
  action('app/patient/actions.ts#saveReminderPreferencesAction', "the signed-in patient's own reminder choices",
                                  who('signIn',   'allow',    'allow',    'deny',     'deny',     'deny',     'signIn')),
  action('app/patient/actions.ts#savePushSubscriptionAction', "a Web Push subscription for the signed-in patient's phone",
                                  who('signIn',   'allow',    'allow',    'deny',     'deny',     'deny',     'signIn')),
  // Only the caller's own phones are removed (tests/integration/reminders.test.ts: B cannot remove A's).
  action('app/patient/actions.ts#removePushSubscriptionAction', "turn off notifications on the signed-in patient's own phone",
                                  who('signIn',   'allow',    'allow',    'deny',     'deny',     'deny',     'signIn')),
  action('app/patient/actions.ts#saveOutcomeResponseAction', "patient A's answers to a questionnaire due today",
                                  who('signIn',   'allow',    'refuse',   'deny',     'deny',     'deny',     'signIn')),
  // Patient B has nothing due: "not today" is refused with a message; nothing of A's is touched.
  action('app/patient/actions.ts#skipOutcomeAction', "not today for patient A's due questionnaire",
                                  who('signIn',   'allow',    'refuse',    'deny',     'deny',     'deny',     'signIn')),
  action('app/physio/exercises/actions.ts#createExerciseAction', 'a new exercise, with a key physio A has used',
                                  who('signIn',   'deny',     'deny',     'allow',    'allow',    'deny',     'signIn')),
  action('app/physio/exercises/actions.ts#updateExerciseAction', "physio A's own exercise",
                                  who('signIn',   'deny',     'deny',     'allow',    'notFound', 'deny',     'signIn')),
  action('app/physio/exercises/actions.ts#archiveExerciseAction', "physio A's own exercise",
                                  who('signIn',   'deny',     'deny',     'allow',    'notFound', 'deny',     'signIn')),
  action('app/physio/patients/[id]/routine/actions.ts#saveRoutineAction', 'a new programme for a patient of physio A',
                                  who('signIn',   'deny',     'deny',     'allow',    'notFound', 'deny',     'signIn')),
  action('app/physio/patients/[id]/routine/actions.ts#endRoutineAction', "end a programme of physio A's patient today",
                                  who('signIn',   'deny',     'deny',     'allow',    'notFound', 'deny',     'signIn')),
  action('app/physio/patients/actions.ts#addPatientAction', "a new patient on the caller's own caseload",
                                  who('signIn',   'deny',     'deny',     'allow',    'allow',    'deny',     'signIn')),
  action('app/physio/patients/actions.ts#dischargePatientAction', 'a patient of physio A',
                                  who('signIn',   'deny',     'deny',     'allow',    'notFound', 'deny',     'signIn')),
  action('app/physio/patients/actions.ts#restorePatientAction', 'a discharged patient of physio A',
                                  who('signIn',   'deny',     'deny',     'allow',    'notFound', 'deny',     'signIn')),
  action('app/physio/patients/actions.ts#assignMeasureAction', 'ask a patient of physio A for STarT Back now',
                                  who('signIn',   'deny',     'deny',     'allow',    'notFound', 'deny',     'signIn')),
  action('app/physio/patients/actions.ts#stopMeasureAction', "stop a questionnaire schedule of physio A's patient",
                                  who('signIn',   'deny',     'deny',     'allow',    'notFound', 'deny',     'signIn')),
  action('app/(auth)/set-password/actions.ts#newSetPasswordLinkAction', 'a patient of physio A who never set a password',
                                  who('signIn',   'deny',     'deny',     'allow',    'notFound', 'allow',    'signIn')),
  // Finding 2: re-issuing a link for an account that has a password is an admin action.
  action('app/(auth)/set-password/actions.ts#newSetPasswordLinkAction', 'a patient of physio A who has set a password',
                                  who('signIn',   'deny',     'deny',     'refuse',   'notFound', 'allow',    'signIn')),
  action('app/(auth)/set-password/actions.ts#setPasswordAction', 'an unused link for a patient of physio A',
                                  who('allow',    'allow',    'allow',    'allow',    'allow',    'allow',    'allow'), { showsAToAnyone: 'the link is the credential: its holder learns the email to sign in with' }),
  action('app/(auth)/set-password/actions.ts#setPasswordAction', 'a link that was already used',
                                  who('refuse',   'refuse',   'refuse',   'refuse',   'refuse',   'refuse',   'refuse')),
];

/** `METHOD route — variant`, how a row is named in test titles. */
export function httpRowName(row: HttpRow): string {
  const query = row.query ? `?${Object.keys(row.query).join('&')}=…` : '';
  return `${row.method} ${row.route}${query}${row.variant ? ` — ${row.variant}` : ''}`;
}

export function actionRowName(row: ActionRow): string {
  return `${row.action.split('#')[1]} — ${row.target}`;
}

/** Whether an answer of this outcome is what the row expects (see the outcomes above). */
export function satisfies(expected: Expected, actual: string): boolean {
  switch (expected) {
    case 'deny':
      return actual === 'notFound' || actual === 'signIn';
    case 'refuse':
      return actual === 'refuse' || actual === 'notFound';
    default:
      return actual === expected;
  }
}
