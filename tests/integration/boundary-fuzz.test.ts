import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { compareWithTable, discoverAppSurface, ROOT } from '../support/app-surface';
import { SERVER_ACTIONS, actionRowName, type ActionRow } from '../support/authorisation-table';
import {
  ALWAYS_TRIED_FORM_FIELDS,
  ALWAYS_TRIED_JSON,
  ALWAYS_TRIED_TEXT,
  extraFieldName,
  hostileAnything,
  hostileFormField,
  hostileJson,
  hostileString,
  type FormFieldValue,
} from '../support/hostile-values';
import { INPUTS, loadServerActions, sentStrings, type ServerAction } from './helpers/action-inputs';
import { buildClinicWorld, type ClinicWorld } from './helpers/clinic-world';
import { setupTestDatabase } from './helpers/database';
import { callAction, callRoute, type Answer } from './helpers/endpoints';
import { changedTables, fingerprint } from './helpers/fingerprint';
import { signedOut, type Identity } from './helpers/identities';
import { inRequest } from './helpers/next-runtime';

vi.mock('next/headers', async (original) =>
  (await import('./helpers/next-runtime')).mockHeaders(await original()),
);
vi.mock('next/navigation', async (original) =>
  (await import('./helpers/next-runtime')).mockNavigation(await original()),
);
vi.mock('next/cache', async (original) =>
  (await import('./helpers/next-runtime')).mockCache(await original()),
);
vi.mock('@/app/(auth)/session-claims', async (original) =>
  (await import('./helpers/next-runtime')).mockSessionClaims(await original()),
);

/**
 * Hostile input at every field of every server action and route handler (see
 * tests/support/hostile-values.ts), sent by a caller who may use the endpoint, so the input itself
 * is what is tested. Whatever the input: never a crash (an exception, an error logged on the
 * server, a cut-off stream: what a client sees as a 5xx), never a stack trace or an internal
 * detail in the answer, and a refused input leaves every table as it was (the audit log and
 * sign-in attempts aside). Runs are bounded: a few values always tried (ALWAYS_TRIED_*) and
 * FUZZ_RUNS generated ones per field (default 6).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);

/** Traces of internals that must never reach a client. */
const INTERNAL_DETAIL = [
  /\bat .+\(.*:\d+:\d+\)/, // a stack frame
  /\.(?:ts|tsx|js|mjs|cjs):\d+/,
  /node_modules|webpack|turbopack/i,
  /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|ZodError|PostgresError|DrizzleQueryError)\b/,
  /Failed query|violates|constraint|duplicate key|invalid input syntax|out of range for type/i,
  /syntax error at|relation "|column "|\bSQLSTATE\b|\bpg_\w+/i,
  /\bpglite\b|\bpostgres(?:ql)?\b|\bdrizzle\b/i,
  /\[object \w+\]|\bundefined\b|\bNaN\b/,
];

/**
 * The answer's text, less the strings the caller sent (echoing a name back is no leak), and less
 * the type zod names in its default message for a field of the wrong type ("expected string,
 * received undefined"), which describes the request, not the server.
 */
function scrub(text: string, sent: readonly string[]): string {
  // Strings of one or two characters are too short to be a trace, and would cut words apart.
  return [...sent]
    .filter((s) => s.length >= 3)
    .sort((a, b) => b.length - a.length)
    .reduce(
      (rest, s) => rest.split(s).join('‹sent›'),
      text.replace(/(expected \w+, received )\w+/g, '$1‹type›'),
    );
}

const db = setupTestDatabase();
let world: ClinicWorld;
let actions: Map<string, ServerAction>;

beforeAll(async () => {
  world = await buildClinicWorld(db());
  actions = await loadServerActions();
});

/** Checks one answer against the boundary's promises; returns what is wrong, if anything. */
async function judge(
  answer: Answer,
  sent: readonly string[],
  before: Awaited<ReturnType<typeof fingerprint>>,
  options: { bodyIsData?: boolean } = {},
): Promise<string | null> {
  if (answer.outcome === 'crash') {
    return `crashed (a 5xx): ${answer.text.slice(0, 500)}\n${answer.logged.slice(0, 1500)}`;
  }
  const text = scrub(answer.text, sent);
  if (!(options.bodyIsData && answer.outcome === 'allow')) {
    const detail = INTERNAL_DETAIL.find((pattern) => pattern.test(text));
    if (detail) return `internal detail (${detail}) in the answer: ${text.slice(0, 500)}`;
  }
  if (answer.outcome !== 'allow') {
    const changed = changedTables(before, await fingerprint(db()));
    if (changed.length > 0) return `refused (${answer.outcome}) but changed ${changed.join('; ')}`;
    if (answer.message !== null && !/\w/.test(answer.message)) {
      return `refused (${answer.outcome}) without a message`;
    }
  }
  return null;
}

/**
 * Runs a property and gathers its counterexample (fast-check reports the seed and the shrunk
 * value) instead of stopping, so one test reports every field that failed.
 */
async function collect<T>(
  failures: string[],
  label: string,
  arbitrary: fc.Arbitrary<T>,
  check: (value: T) => Promise<string | null>,
  options: { runs?: number; always?: readonly T[] } = {},
) {
  try {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        const problem = await check(value);
        if (problem) throw new Error(problem);
      }),
      {
        numRuns: options.runs ?? RUNS,
        examples: (options.always ?? []).map((value) => [value]),
        endOnFailure: true,
      },
    );
  } catch (error) {
    // fast-check's report (seed, counterexample), then what was wrong with it.
    const report = (error as Error).message.split('\n\nHint:')[0];
    const cause =
      (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : '';
    failures.push(`${label}: ${report}\n${cause}`.slice(0, 4000));
  }
}

// ---------------------------------------------------------------------------------------------
// Server actions

function formOf(args: unknown[]): FormData | null {
  return args.find((a): a is FormData => a instanceof FormData) ?? null;
}

function withFormField(args: unknown[], field: string, value: FormFieldValue): unknown[] {
  const data = formOf(args)!;
  const next = new FormData();
  for (const [key, entry] of data.entries()) if (key !== field) next.append(key, entry);
  if (value.kind === 'text') next.append(field, value.value);
  if (value.kind === 'file') next.append(field, new File([value.value], 'upload.bin'));
  if (value.kind === 'repeated') for (const v of value.values) next.append(field, v);
  return args.map((a) => (a === data ? next : a));
}

/** The routine builder's items travel as one field of JSON: its inner fields are fields too. */
function withJsonItemField(args: unknown[], field: string, value: unknown, drop: boolean) {
  const data = formOf(args)!;
  const items = JSON.parse(String(data.get('items'))) as Record<string, unknown>[];
  const [first] = items;
  if (drop) delete first![field];
  else first![field] = value;
  return withFormField(args, 'items', { kind: 'text', value: JSON.stringify(items) });
}

function withExtraFields(args: unknown[], extra: [string, string][]): unknown[] {
  const data = formOf(args);
  if (!data) {
    const [input, ...rest] = args;
    return [{ ...(input as object), ...Object.fromEntries(extra) }, ...rest];
  }
  const next = new FormData();
  for (const [key, entry] of data.entries()) next.append(key, entry);
  for (const [key, value] of extra) next.append(key, value);
  return args.map((a) => (a === data ? next : a));
}

/** The row to fuzz an action with: its first row that someone is allowed. */
function fuzzRows(): { row: ActionRow; caller: keyof ClinicWorld['identities'] }[] {
  const seen = new Set<string>();
  const rows: { row: ActionRow; caller: keyof ClinicWorld['identities'] }[] = [];
  for (const row of SERVER_ACTIONS) {
    if (seen.has(row.action)) continue;
    const caller = (['physioA', 'admin', 'patientA', 'physioB', 'signedOut'] as const).find(
      (who) => row.outcomes[who] === 'allow',
    );
    if (!caller) continue;
    seen.add(row.action);
    rows.push({ row, caller });
  }
  return rows;
}

describe('boundary fuzzing: server actions', () => {
  it('fuzzes every server action in the code', () => {
    const { missingFromTable } = compareWithTable(
      discoverAppSurface().serverActions.map((a) => a.key),
      fuzzRows().map(({ row }) => row.action),
    );
    expect(missingFromTable).toEqual([]);
  });

  for (const { row, caller } of fuzzRows()) {
    const name = row.action.split('#')[1]!;
    it(`${name}: every field, and extra fields`, async () => {
      const identity: Identity = world.identities[caller] as Identity;
      const action = actions.get(row.action)!;
      const inputs = INPUTS[actionRowName(row)]!;
      // A refused call leaves its fresh records untouched, so one set serves until a call is let
      // through (and may have used them up).
      let baseline: unknown[] | null = null;
      const fresh = async () => (baseline ??= await inputs(world, identity));
      const attempt = async (args: unknown[]) => {
        const before = await fingerprint(db());
        const answer = await callAction(identity, action, args);
        if (answer.outcome === 'allow') baseline = null;
        return judge(answer, sentStrings(args), before);
      };

      const failures: string[] = [];
      const template = await fresh();
      const form = formOf(template);
      if (form) {
        for (const field of new Set(form.keys())) {
          await collect(
            failures,
            `field ${field}`,
            hostileFormField,
            async (value) => attempt(withFormField(await fresh(), field, value)),
            { always: ALWAYS_TRIED_FORM_FIELDS },
          );
        }
        if (form.has('items')) {
          const [item] = JSON.parse(String(form.get('items'))) as Record<string, unknown>[];
          for (const field of Object.keys(item!)) {
            await collect(
              failures,
              `field items[0].${field}`,
              fc.tuple(hostileJson, fc.boolean()),
              async ([value, drop]) =>
                attempt(withJsonItemField(await fresh(), field, value, drop)),
              { always: ALWAYS_TRIED_JSON.map((value) => [value, false] as [unknown, boolean]) },
            );
          }
        }
      } else {
        for (const field of Object.keys(template[0] as object)) {
          await collect(
            failures,
            `field ${field}`,
            hostileAnything,
            async (value) => {
              const [input, ...rest] = await fresh();
              return attempt([{ ...(input as object), [field]: value }, ...rest]);
            },
            { always: ALWAYS_TRIED_JSON },
          );
        }
      }
      await collect(
        failures,
        'extra fields',
        fc.array(fc.tuple(extraFieldName, hostileString), { minLength: 1, maxLength: 4 }),
        async (extra) => attempt(withExtraFields(await fresh(), extra)),
      );
      expect(failures).toEqual([]);
    });
  }

  // A direct POST chooses the arguments, not just the fields: any values, any number of them.
  it('every action refuses arguments that are not its form', async () => {
    const failures: string[] = [];
    for (const { row, caller } of fuzzRows()) {
      const identity = world.identities[caller] as Identity;
      const action = actions.get(row.action)!;
      await collect(
        failures,
        row.action.split('#')[1]!,
        fc.array(hostileAnything, { maxLength: 3 }),
        async (args) => {
          const before = await fingerprint(db());
          return judge(await callAction(identity, action, args), sentStrings(args), before);
        },
        { always: [[], [null, null], [{ status: 'idle' }, 'not a form'], [{}, {}]] },
      );
    }
    expect(failures).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Route handlers

type Handler = (request: never, context: never) => Promise<Response> | Response;

async function routeHandler(file: string, method: string): Promise<Handler> {
  const exports = (await import(/* @vite-ignore */ `${ROOT}/${file}`)) as Record<string, unknown>;
  const handler = exports[method];
  if (typeof handler !== 'function') throw new Error(`${file} has no ${method}`);
  return handler as Handler;
}

const BASE = 'http://127.0.0.1:3000';

async function attemptRoute(
  identity: Identity,
  handler: Handler,
  request: Request,
  sent: string[],
  context?: unknown,
  options: { bodyIsData?: boolean } = {},
) {
  const before = await fingerprint(db());
  const answer = await callRoute(identity, handler, request, context);
  return judge(answer, sent, before, options);
}

function query(fields: Record<string, FormFieldValue>): { search: string; sent: string[] } {
  const params = new URLSearchParams();
  const sent: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const values =
      value.kind === 'missing' ? [] : value.kind === 'repeated' ? value.values : [value.value];
    for (const v of values) {
      params.append(key, v);
      sent.push(v, params.toString());
    }
  }
  return { search: params.toString(), sent };
}

describe('boundary fuzzing: route handlers', () => {
  // The next-auth route needs Next.js's request store; what it runs of ours is `authorize`,
  // fuzzed below. The others are called as Next.js calls them.
  const FUZZED = [
    '/api/auth/[...nextauth]',
    '/api/health',
    '/api/patient/day-log',
    '/api/patient/my-data/[file]',
    '/api/ready',
    '/api/reports/weekly.csv',
    '/api/reports/outcomes.csv',
    '/api/reports/patients/[id]/progress.pdf',
    '/fhir/R4/metadata',
    '/fhir/R4/[type]',
    '/fhir/R4/[type]/[id]',
    '/fhir/R4/[type]/[id]/[operation]',
    '/fhir/R4/$export',
    '/fhir/R4/Patient/$export',
    '/fhir/R4/bulk-status/[job]',
    '/fhir/R4/bulk-files/[job]/[file]',
    '/manifest.webmanifest',
    '/sw.js',
  ];

  it('fuzzes every route handler in the code', () => {
    const { missingFromTable } = compareWithTable(
      discoverAppSurface().routeHandlers.map((r) => r.route),
      FUZZED,
    );
    expect(missingFromTable).toEqual([]);
  });

  it('POST /api/patient/day-log: every field of the JSON body, and bodies that are not it', async () => {
    const handler = await routeHandler('app/api/patient/day-log/route.ts', 'POST');
    const identity = world.identities.patientA;
    const item = world.patientAItems[0]!;
    const baseline = () => ({
      idempotencyKey: randomUUID(),
      date: world.today,
      exercises: { [item.id]: { exerciseId: item.exerciseId, change: 1 } },
      pain: 3,
      note: 'Alder: fine today',
    });
    const post = (body: string, contentType = 'application/json') =>
      new NextRequest(`${BASE}/api/patient/day-log`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
    const failures: string[] = [];
    for (const field of Object.keys(baseline())) {
      await collect(
        failures,
        `field ${field}`,
        fc.tuple(hostileJson, fc.boolean()),
        async ([value, drop]) => {
          const body: Record<string, unknown> = baseline();
          if (drop) delete body[field];
          else body[field] = value;
          return attemptRoute(identity, handler, post(JSON.stringify(body)), sentStrings([body]));
        },
        { always: ALWAYS_TRIED_JSON.map((value) => [value, false] as [unknown, boolean]) },
      );
    }
    await collect(
      failures,
      'field exercises.<item>',
      fc.tuple(hostileString, hostileJson),
      async ([key, value]) => {
        const body = { ...baseline(), exercises: { [key]: value, [item.id]: value } };
        return attemptRoute(
          identity,
          handler,
          post(JSON.stringify(body)),
          sentStrings([body, key]),
        );
      },
    );
    await collect(
      failures,
      'field exercises.<item>.change and .exerciseId',
      fc.tuple(hostileJson, hostileJson),
      async ([exerciseId, change]) => {
        const body = { ...baseline(), exercises: { [item.id]: { exerciseId, change } } };
        return attemptRoute(identity, handler, post(JSON.stringify(body)), sentStrings([body]));
      },
    );
    await collect(
      failures,
      'whole body',
      fc.tuple(
        fc.oneof(
          hostileString,
          hostileJson.map((v) => JSON.stringify(v) ?? 'undefined'),
        ),
        fc.constantFrom('application/json', 'application/json; charset=utf-16', 'text/plain', ''),
      ),
      async ([body, type]) => attemptRoute(identity, handler, post(body, type), [body]),
    );
    expect(failures).toEqual([]);
  });

  it('GET /api/reports/weekly.csv: every filter', async () => {
    const handler = await routeHandler('app/api/reports/weekly.csv/route.ts', 'GET');
    const identity = world.identities.admin;
    const failures: string[] = [];
    for (const field of ['physio', 'from', 'to']) {
      await collect(
        failures,
        `filter ${field}`,
        hostileFormField,
        async (value) => {
          const { search, sent } = query({ [field]: value });
          const request = new NextRequest(`${BASE}/api/reports/weekly.csv?${search}`);
          return attemptRoute(identity, handler, request, sent, undefined, { bodyIsData: true });
        },
        { always: ALWAYS_TRIED_FORM_FIELDS },
      );
    }
    await collect(
      failures,
      'all filters at once',
      fc.record({ physio: hostileFormField, from: hostileFormField, to: hostileFormField }),
      async (fields) => {
        const { search, sent } = query(fields);
        const request = new NextRequest(`${BASE}/api/reports/weekly.csv?${search}`);
        return attemptRoute(identity, handler, request, sent, undefined, { bodyIsData: true });
      },
    );
    expect(failures).toEqual([]);
  });

  it('GET /api/reports/outcomes.csv: any query string', async () => {
    const handler = await routeHandler('app/api/reports/outcomes.csv/route.ts', 'GET');
    const failures: string[] = [];
    await collect(
      failures,
      'a parameter',
      hostileFormField,
      async (value) => {
        const { search, sent } = query({ physio: value });
        const request = new NextRequest(`${BASE}/api/reports/outcomes.csv?${search}`);
        return attemptRoute(world.identities.admin, handler, request, sent, undefined, {
          bodyIsData: true,
        });
      },
      { always: ALWAYS_TRIED_FORM_FIELDS },
    );
    expect(failures).toEqual([]);
  });

  it('GET /api/reports/patients/[id]/progress.pdf: the id', async () => {
    const handler = await routeHandler(
      'app/api/reports/patients/[id]/progress.pdf/route.ts',
      'GET',
    );
    const failures: string[] = [];
    await collect(
      failures,
      'param id',
      hostileString,
      async (id) => {
        const request = new NextRequest(`${BASE}/api/reports/patients/x/progress.pdf`);
        const context = { params: Promise.resolve({ id }) };
        return attemptRoute(world.identities.admin, handler, request, [id], context, {
          bodyIsData: true,
        });
      },
      { always: ALWAYS_TRIED_TEXT },
    );
    expect(failures).toEqual([]);
  });

  it('GET /api/patient/my-data/[file]: the file name', async () => {
    const handler = await routeHandler('app/api/patient/my-data/[file]/route.ts', 'GET');
    const failures: string[] = [];
    await collect(
      failures,
      'param file',
      fc.oneof(fc.constantFrom('record.fhir.json', 'weekly.csv', 'progress.pdf'), hostileString),
      async (file) =>
        attemptRoute(
          world.identities.patientA,
          handler,
          new NextRequest(`${BASE}/api/patient/my-data/x`),
          [file],
          { params: Promise.resolve({ file }) },
          { bodyIsData: true },
        ),
      { always: ALWAYS_TRIED_TEXT },
    );
    expect(failures).toEqual([]);
  });

  it('GET /fhir/R4/[type]: the type and every search parameter', async () => {
    const handler = await routeHandler('app/fhir/R4/[type]/route.ts', 'GET');
    const identity = world.identities.admin;
    const failures: string[] = [];
    const searchFor = (type: string, search: string, sent: string[]) =>
      attemptRoute(
        identity,
        handler,
        new NextRequest(`${BASE}/fhir/R4/x?${search}`),
        [...sent, type],
        { params: Promise.resolve({ type }) },
        { bodyIsData: true },
      );
    await collect(failures, 'param type', hostileString, async (type) => searchFor(type, '', []), {
      always: [...ALWAYS_TRIED_TEXT, 'Observation', 'Practitioner', '$export'],
    });
    const fields: Record<string, string[]> = {
      Patient: ['_id', '_count', '_offset', '_format'],
      Observation: ['patient', 'code', 'date', '_count', '_offset'],
      CarePlan: ['patient', 'status'],
      Procedure: ['patient', 'date'],
    };
    for (const [type, names] of Object.entries(fields)) {
      for (const field of names) {
        await collect(
          failures,
          `${type} ${field}`,
          hostileFormField,
          async (value) => {
            // The other required parameter is given, so the fuzzed one is what is judged.
            const base =
              field === 'patient' || type === 'Patient'
                ? {}
                : ({ patient: world.patientA.id } as Record<string, string>);
            const { search, sent } = query({ [field]: value });
            const extra = new URLSearchParams(base).toString();
            return searchFor(type, [extra, search].filter(Boolean).join('&'), sent);
          },
          { always: ALWAYS_TRIED_FORM_FIELDS },
        );
      }
    }
    await collect(
      failures,
      'Observation, all parameters at once and unknown ones',
      fc.record({
        patient: hostileFormField,
        code: hostileFormField,
        date: hostileFormField,
        extra: fc.tuple(extraFieldName, hostileFormField),
      }),
      async ({ extra: [name, extraValue], ...fields }) => {
        const { search, sent } = query({ ...fields, [name]: extraValue });
        return searchFor('Observation', search, [...sent, name]);
      },
    );
    expect(failures).toEqual([]);
  });

  it('GET /fhir/R4/[type]/[id]: the type and the id', async () => {
    const handler = await routeHandler('app/fhir/R4/[type]/[id]/route.ts', 'GET');
    const failures: string[] = [];
    const types = fc.oneof(
      fc.constantFrom(
        'Patient',
        'Practitioner',
        'Goal',
        'CarePlan',
        'ActivityDefinition',
        'Observation',
        'Procedure',
      ),
      hostileString,
    );
    await collect(
      failures,
      'params type and id',
      fc.tuple(types, fc.oneof(hostileString, fc.constant(`adherence-${world.patientA.id}-x`))),
      async ([type, id]) =>
        attemptRoute(
          world.identities.physioA,
          handler,
          new NextRequest(`${BASE}/fhir/R4/x/y`),
          [type, id],
          { params: Promise.resolve({ type, id }) },
          { bodyIsData: true },
        ),
      { always: ALWAYS_TRIED_TEXT.map((text) => ['Observation', text] as [string, string]) },
    );
    expect(failures).toEqual([]);
  });

  it('GET /fhir/R4/[type]/[id]/[operation]: every part', async () => {
    const handler = await routeHandler('app/fhir/R4/[type]/[id]/[operation]/route.ts', 'GET');
    const failures: string[] = [];
    await collect(
      failures,
      'params type, id and operation',
      fc.tuple(
        fc.oneof(fc.constant('Patient'), hostileString),
        fc.oneof(fc.constant(world.patientA.id), hostileString),
        fc.oneof(fc.constant('$everything'), hostileString),
      ),
      async ([type, id, operation]) =>
        attemptRoute(
          world.identities.physioA,
          handler,
          new NextRequest(`${BASE}/fhir/R4/x/y/z`),
          [type, id, operation],
          { params: Promise.resolve({ type, id, operation }) },
          { bodyIsData: true },
        ),
      {
        always: ALWAYS_TRIED_TEXT.map(
          (text) => ['Patient', text, '$everything'] as [string, string, string],
        ),
      },
    );
    expect(failures).toEqual([]);
  });

  // Bulk Data: the kick-off's query and Prefer header, the status URL's job, a file's job and name.
  for (const route of ['/fhir/R4/$export', '/fhir/R4/Patient/$export']) {
    it(`GET ${route}: any query and Prefer header`, async () => {
      const handler = await routeHandler(`app${route}/route.ts`, 'GET');
      const failures: string[] = [];
      const names = fc.oneof(fc.constantFrom('_type', '_outputFormat', '_since'), hostileString);
      await collect(
        failures,
        'query and Prefer',
        fc.tuple(names, hostileFormField, fc.oneof(fc.constant('respond-async'), hostileString)),
        async ([key, value, prefer]) => {
          const { search, sent } = query({ [key]: value });
          const request = new NextRequest(`${BASE}${route}?${search}`, {
            // A header carries bytes: what a client can send at all, hostile or not.
            headers: { prefer: prefer.replace(/[^\t\x20-\x7e\x80-\xff]/g, ' ') },
          });
          return attemptRoute(world.identities.admin, handler, request, [...sent, key, prefer]);
        },
      );
      expect(failures).toEqual([]);
    });
  }

  for (const method of ['GET', 'DELETE']) {
    it(`${method} /fhir/R4/bulk-status/[job]: the job`, async () => {
      const handler = await routeHandler('app/fhir/R4/bulk-status/[job]/route.ts', method);
      const failures: string[] = [];
      await collect(failures, 'params job', fc.oneof(hostileString, fc.uuid()), async (job) =>
        attemptRoute(
          world.identities.admin,
          handler,
          new NextRequest(`${BASE}/fhir/R4/bulk-status/x`, { method }),
          [job],
          { params: Promise.resolve({ job }) },
        ),
      );
      expect(failures).toEqual([]);
    });
  }

  it('GET /fhir/R4/bulk-files/[job]/[file]: the job and the file', async () => {
    const handler = await routeHandler('app/fhir/R4/bulk-files/[job]/[file]/route.ts', 'GET');
    const failures: string[] = [];
    await collect(
      failures,
      'params job and file',
      fc.tuple(
        fc.oneof(hostileString, fc.uuid()),
        fc.oneof(fc.constant('Patient.ndjson'), hostileString),
      ),
      async ([job, file]) =>
        attemptRoute(
          world.identities.admin,
          handler,
          new NextRequest(`${BASE}/fhir/R4/bulk-files/x/y`),
          [job, file],
          { params: Promise.resolve({ job, file }) },
          { bodyIsData: true },
        ),
    );
    expect(failures).toEqual([]);
  });

  // The public probes and the FHIR CapabilityStatement: any query, signed out.
  for (const route of ['/api/health', '/api/ready', '/fhir/R4/metadata']) {
    it(`GET ${route}: any query`, async () => {
      const handler = await routeHandler(`app${route}/route.ts`, 'GET');
      const failures: string[] = [];
      await collect(
        failures,
        'query',
        fc.tuple(hostileString, hostileFormField),
        async ([key, value]) => {
          const { search, sent } = query({ [key]: value });
          const request = new NextRequest(`${BASE}${route}?${search}`);
          return attemptRoute(signedOut(), handler, request, [...sent, key]);
        },
      );
      expect(failures).toEqual([]);
    });
  }

  // The manifest and the service worker take no input at all: both are prerendered once at build
  // time (force-static), so Next.js never hands a request's query or headers to them.
  for (const route of ['/manifest.webmanifest', '/sw.js']) {
    it(`GET ${route}: takes no input, made once at build time`, async () => {
      const handlers = (await import(/* @vite-ignore */ `${ROOT}/app${route}/route.ts`)) as {
        dynamic?: string;
        GET?: unknown;
      };
      expect(typeof handlers.GET).toBe('function');
      expect(handlers.dynamic).toBe('force-static');
    });
  }

  it("sign-in (next-auth's authorize): any email and password", async () => {
    const { authOptions } = await import('@/app/(auth)/auth');
    const provider = authOptions().providers[0] as unknown as {
      options: { authorize: (credentials: unknown, req: unknown) => Promise<unknown> };
    };
    const failures: string[] = [];
    let attempt = 0;
    await collect(
      failures,
      'credentials',
      fc.record({ email: hostileAnything, password: hostileAnything }, { requiredKeys: [] }),
      async (credentials) => {
        // A fresh address each time, so throttling (which is tested elsewhere) never waits.
        attempt += 1;
        const ip = `203.0.113.${attempt % 250}`;
        const before = await fingerprint(db());
        const result = await inRequest(signedOut().scope, () =>
          provider.options.authorize(credentials, {
            headers: { 'x-adhere-peer-address': ip, 'x-forwarded-for': ip },
          }),
        ).then(
          (value) => ({ value, error: null }),
          (error: unknown) => ({ value: null, error }),
        );
        if (result.error) return `authorize threw: ${String(result.error)}`;
        if (result.value !== null) return `signed in with ${JSON.stringify(credentials)}`;
        const changed = changedTables(before, await fingerprint(db()));
        return changed.length > 0 ? `a refused sign-in changed ${changed.join('; ')}` : null;
      },
      { runs: RUNS * 2, always: [{ email: 'a\u0000b@clinic.test', password: 'a\u0000b' }] },
    );
    expect(failures).toEqual([]);
  });
});
