import { randomUUID } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { idleState } from '@/lib/forms';
import { auditEvents } from '@/db/schema';
import { ROOT, compareWithTable, discoverAppSurface } from '../support/app-surface';
import {
  IDENTITY_LABELS,
  NOT_A_SIDE,
  PAGES,
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
import {
  INPUTS,
  loadServerActions,
  sentStrings,
  submittedFields,
  type ServerAction,
} from './helpers/action-inputs';
import { buildClinicWorld, leakedMarkers, type ClinicWorld } from './helpers/clinic-world';
import { setupTestDatabase } from './helpers/database';
import { callAction, callRoute, formData, type Answer } from './helpers/endpoints';
import { changedTables, fingerprint } from './helpers/fingerprint';
import type { Identity } from './helpers/identities';
import { NotFoundSignal, inRequest } from './helpers/next-runtime';

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

const db = setupTestDatabase();
let world: ClinicWorld;
let actions: Map<string, ServerAction>;

beforeAll(async () => {
  world = await buildClinicWorld(db());
  actions = await loadServerActions();
  // The deactivated accounts signed in while active; their sessions worked until the admin
  // deactivated them, through the admin's own action.
  const { getCurrentUser } = await import('@/app/(auth)/session');
  const deactivate = actions.get('app/admin/actions.ts#setAccountActiveAction')!;
  for (const [i, identity] of world.identities.deactivated.entries()) {
    const before = await inRequest(identity.scope, () => getCurrentUser());
    expect(before?.id, `${identity.label} is signed in`).toBe(world.toDeactivate[i]!.id);
    const done = await callAction(world.identities.admin, deactivate, [
      idleState,
      formData({ userId: world.toDeactivate[i]!.id, active: 'false' }),
    ]);
    expect(done.outcome, done.text).toBe('allow');
  }
});

function identitiesOf(who: IdentityName): Identity[] {
  return who === 'deactivated' ? world.identities.deactivated : [world.identities[who]];
}

interface Run {
  identity: Identity;
  args: unknown[];
  answer: Answer;
  changed: string[];
  auditIdBefore: number;
}

async function lastAuditId(): Promise<number> {
  const [row] = await db()
    .select({ id: sql<number>`coalesce(max(${auditEvents.id}), 0)`.mapWith(Number) })
    .from(auditEvents);
  return row?.id ?? 0;
}

async function run(row: ActionRow, identity: Identity): Promise<Run> {
  const inputs = INPUTS[actionRowName(row)];
  if (!inputs) throw new Error(`no inputs for "${actionRowName(row)}" in INPUTS`);
  const action = actions.get(row.action);
  if (!action) throw new Error(`${row.action} is not a server action in the code`);
  const args = await inputs(world, identity);
  const auditIdBefore = await lastAuditId();
  const before = await fingerprint(db());
  const answer = await callAction(identity, action, args);
  const changed = changedTables(before, await fingerprint(db()));
  return { identity, args, answer, changed, auditIdBefore };
}

/** Allowed callers first, so that the others are checked against what A's side has done. */
function orderOfChecks(row: ActionRow): IdentityName[] {
  const names = Object.keys(row.outcomes) as IdentityName[];
  return [
    ...names.filter((n) => row.outcomes[n] === 'allow'),
    ...names.filter((n) => row.outcomes[n] !== 'allow'),
  ];
}

describe('authorisation matrix: server actions', () => {
  it('has a row for every server action in the code, and names no action that is gone', () => {
    const surface = discoverAppSurface();
    const { missingFromTable, notInCode } = compareWithTable(
      surface.serverActions.map((a) => a.key),
      [...new Set(SERVER_ACTIONS.map((row) => row.action))],
    );
    expect({ missingFromTable, notInCode }).toEqual({ missingFromTable: [], notInCode: [] });
    expect(surface.inlineServerActions, "inline 'use server' functions escape the table").toEqual(
      [],
    );
    expect(Object.keys(INPUTS).sort()).toEqual(SERVER_ACTIONS.map(actionRowName).sort());
  });

  it("the no-leak check finds A's data in an answer to A's side", async () => {
    // Without this, markers that never match would make every "no data of A" check pass.
    const row = SERVER_ACTIONS.find((r) => actionRowName(r).includes('never set a password'))!;
    const { answer } = await run(row, world.identities.physioA);
    expect(answer.outcome).toBe('allow');
    const leaked = leakedMarkers(answer.text, await world.markersOfA(), []);
    expect(leaked.some((marker) => marker.startsWith('Alder Patient'))).toBe(true);
  });

  for (const row of SERVER_ACTIONS) {
    describe(actionRowName(row), () => {
      for (const who of orderOfChecks(row)) {
        const expected = row.outcomes[who];
        it(`${IDENTITY_LABELS[who]}: ${expected}`, async () => {
          for (const identity of identitiesOf(who)) {
            const { answer, changed, args } = await run(row, identity);
            const as = `${identity.label}: ${answer.text}\n${answer.logged}`;
            expect(answer.outcome, as).not.toBe('crash');
            expect(satisfies(expected, answer.outcome), `expected ${expected}, got ${as}`).toBe(
              true,
            );
            if (expected === 'allow') {
              expect(changed, `${identity.label}: allowed, so something was saved`).not.toEqual([]);
            } else {
              expect(changed, `${identity.label}: refused, so nothing may change`).toEqual([]);
            }
            // A failed form shows the caller what they typed, and nothing else.
            const sent = submittedFields(args);
            for (const [field, value] of Object.entries(answer.echoed)) {
              expect(sent[field], `echoed field ${field}`).toBe(value);
            }
            if (NOT_A_SIDE.includes(who) && !row.showsAToAnyone) {
              const markers = await world.markersOfA();
              expect(leakedMarkers(answer.text, markers, sentStrings(args)), as).toEqual([]);
            }
          }
        });
      }
    });
  }
});

/** The audit entries a denial left: exactly one access.denied, by the caller, from their address. */
async function expectOneDenial(identity: Identity, auditIdBefore: number) {
  const entries = await db()
    .select()
    .from(auditEvents)
    .where(
      and(
        gt(auditEvents.id, auditIdBefore),
        eq(auditEvents.actorId, identity.user!.id),
        eq(auditEvents.action, 'access.denied'),
      ),
    );
  expect(entries, `${identity.label}: one access.denied entry`).toHaveLength(1);
  expect(entries[0]!.ip, `${identity.label}: the address`).toBe(identity.ip);
  const markers = await world.markersOfA();
  const entryText = JSON.stringify(entries[0]);
  const clinical = markers.filter((m) => !/^[0-9a-f-]{36}$/.test(m));
  expect(
    clinical.filter((m) => entryText.includes(m)),
    'no clinical content',
  ).toEqual([]);
}

/** Who is refused a row for want of the right role or of ownership (not for want of a session). */
function deniedSignedIn(outcomes: ActionRow['outcomes']): Exclude<IdentityName, 'deactivated'>[] {
  return (Object.keys(outcomes) as IdentityName[]).filter(
    (who): who is Exclude<IdentityName, 'deactivated'> =>
      (outcomes[who] === 'deny' || outcomes[who] === 'notFound') &&
      who !== 'signedOut' &&
      who !== 'deactivated',
  );
}

async function valueOf(record: RecordOfA | string): Promise<string> {
  switch (record) {
    case 'patientA':
      return world.patientA.id;
    case 'physioA':
      return world.physioA.id;
    case 'exerciseA':
      return world.exerciseA;
    case 'tokenA':
      return (await world.linkOfA()).token;
    case 'apiTokenA':
      return world.apiTokenOfA();
    case 'exportA':
      return world.exportOfAdmin();
    default:
      return record;
  }
}

async function filled(entries: Record<string, string> | undefined) {
  const out: Record<string, string> = {};
  for (const [key, record] of Object.entries(entries ?? {})) out[key] = await valueOf(record);
  return out;
}

describe('denied access is audited once, with actor and address (finding 5)', () => {
  for (const row of SERVER_ACTIONS) {
    const denied = deniedSignedIn(row.outcomes);
    if (denied.length === 0) continue;
    it(`${actionRowName(row)}: ${denied.map((w) => IDENTITY_LABELS[w]).join(', ')}`, async () => {
      for (const who of denied) {
        const identity = world.identities[who];
        const { auditIdBefore } = await run(row, identity);
        await expectOneDenial(identity, auditIdBefore);
      }
    });
  }

  // Pages: the page's own function, as Next.js calls it, for each signed-in identity it refuses.
  const pageFiles = new Map(discoverAppSurface().pages.map((p) => [p.route, p.file]));
  for (const row of PAGES.filter((r) => r.params)) {
    const denied = deniedSignedIn(row.outcomes);
    if (denied.length === 0) continue;
    it(`page ${httpRowName(row)}: ${denied.map((w) => IDENTITY_LABELS[w]).join(', ')}`, async () => {
      const page = (await import(/* @vite-ignore */ `${ROOT}/${pageFiles.get(row.route)}`)) as {
        default: (props: object) => Promise<unknown>;
      };
      for (const who of denied) {
        const identity = world.identities[who];
        const props = {
          params: Promise.resolve(await filled(row.params)),
          searchParams: Promise.resolve(await filled(row.query)),
        };
        const auditIdBefore = await lastAuditId();
        const thrown = await inRequest(identity.scope, () => page.default(props)).catch(
          (error: unknown) => error,
        );
        expect(thrown, `${identity.label} gets the not-found page`).toBeInstanceOf(NotFoundSignal);
        await expectOneDenial(identity, auditIdBefore);
      }
    });
  }

  // Route handlers (CSV, PDF, JSON), called as Next.js calls them.
  const routeFiles = new Map(discoverAppSurface().routeHandlers.map((r) => [r.route, r.file]));
  for (const row of ROUTE_HANDLERS) {
    const denied = deniedSignedIn(row.outcomes as HttpRow['outcomes']);
    if (denied.length === 0) continue;
    it(`route ${httpRowName(row)}: ${denied.map((w) => IDENTITY_LABELS[w]).join(', ')}`, async () => {
      const handlers = (await import(
        /* @vite-ignore */ `${ROOT}/${routeFiles.get(row.route)}`
      )) as Record<string, (request: Request, context: unknown) => Promise<Response>>;
      for (const who of denied) {
        const identity = world.identities[who];
        const search = new URLSearchParams(await filled(row.query)).toString();
        const url = `http://127.0.0.1:3000${row.route}${search ? `?${search}` : ''}`;
        const request =
          row.method === 'POST'
            ? new NextRequest(url, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({
                  idempotencyKey: randomUUID(),
                  date: world.today,
                  exercises: {
                    [world.patientAItems.at(-1)!.id]: {
                      exerciseId: world.patientAItems.at(-1)!.exerciseId,
                      change: 1,
                    },
                  },
                  pain: 3,
                }),
              })
            : new NextRequest(url, { method: row.method, headers: row.headers });
        const context = { params: Promise.resolve(await filled(row.params)) };
        const auditIdBefore = await lastAuditId();
        const answer = await callRoute(identity, handlers[row.method]!, request, context);
        expect(answer.outcome, `${identity.label}: ${answer.text.slice(0, 200)}`).toBe('notFound');
        await expectOneDenial(identity, auditIdBefore);
      }
    });
  }

  it('a failed set-password link redemption is audited with the address', async () => {
    const row = SERVER_ACTIONS.find((r) => actionRowName(r).includes('already used'))!;
    const identity = world.identities.signedOut;
    const { auditIdBefore, answer } = await run(row, identity);
    expect(answer.outcome).toBe('refuse');
    const entries = await db().select().from(auditEvents).where(gt(auditEvents.id, auditIdBefore));
    expect(entries.map((e) => e.ip)).toContain(identity.ip);
  });
});
