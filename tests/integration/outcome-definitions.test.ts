import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  addClinicDefinition,
  availableDefinitions,
  listDefinitionsForAdmin,
} from '@/db/queries/outcome-definitions';
import { auditEvents, outcomeDefinitions } from '@/db/schema';
import { idleState } from '@/lib/forms';
import { findDefinition, score } from '@/lib/outcome-measures';
import { buildClinicWorld, type ClinicWorld } from './helpers/clinic-world';
import { setupTestDatabase } from './helpers/database';
import { callAction, formData } from './helpers/endpoints';

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

/*
 * Clinic-added questionnaires (issue 17): an admin uploads a definition file on
 * /admin/questionnaires; a valid one is stored as a new (id, version), an invalid one is refused
 * with every problem named, a new version is a new row beside the old, and no one else may add one.
 */

const db = setupTestDatabase();
let world: ClinicWorld;
let upload: (...args: never[]) => Promise<unknown>;

beforeAll(async () => {
  world = await buildClinicWorld(db());
  upload = (await import('@/app/admin/questionnaires/actions')).uploadDefinitionAction;
});

/** An ODI-like questionnaire (made-up wording): sum of 0–5 sections ÷ 50 × 100, with bands. */
function odiLike(id: string, version: number, overrides: Record<string, unknown> = {}) {
  const section = (n: number) => ({
    type: 'choice',
    id: `section${n}`,
    text: `Section ${n}`,
    options: ['None', 'Mild', 'Moderate', 'Fairly severe', 'Very severe', 'Worst'].map(
      (label, value) => ({ label, value }),
    ),
  });
  return {
    id,
    version,
    name: `ODI-like ${id} v${version}`,
    copyright: '© Example',
    licence: 'Used under the clinic’s licence',
    citation: 'Example 2024',
    items: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(section),
    scoring: {
      method: 'sum',
      scale: { divideBy: 50, multiplyBy: 100 },
      decimals: 0,
      bands: [
        { id: 'minimal', label: 'Minimal', max: 20 },
        { id: 'more', label: 'More than minimal' },
      ],
    },
    ...overrides,
  };
}

const send = (as: 'admin' | 'physioA' | 'patientA' | 'signedOut', definition: string) =>
  callAction(world.identities[as], upload, [idleState, formData({ definition })]);

async function storedVersions(id: string) {
  const rows = await db()
    .select({ version: outcomeDefinitions.version })
    .from(outcomeDefinitions)
    .where(eq(outcomeDefinitions.id, id))
    .orderBy(outcomeDefinitions.version);
  return rows.map((r) => r.version);
}

describe('uploading a clinic questionnaire', () => {
  it('stores a valid file, lists it beside the shipped ones, offers it, and audits it', async () => {
    const answer = await send('admin', JSON.stringify(odiLike('odi-like', 1)));
    expect(answer.outcome, answer.text).toBe('allow');
    expect(answer.message ?? answer.text).toContain(
      'ODI-like odi-like v1 (version 1) has been added',
    );
    expect(await storedVersions('odi-like')).toEqual([1]);

    const listed = await listDefinitionsForAdmin(world.admin);
    expect(listed?.map((l) => `${l.source} ${l.definition.id}@${l.definition.version}`)).toEqual([
      'shipped psfs@1',
      'shipped start-back@1',
      'clinic odi-like@1',
    ]);
    expect(listed?.[2]?.uploadedByName).toBe(world.admin.name);

    // Whoever assigns or answers questionnaires gets it, scored as its file says.
    const available = await availableDefinitions(world.physioA);
    const odi = findDefinition(available.all, { instrumentId: 'odi-like', version: 1 })!;
    const answers = Object.fromEntries(odi.items.map((item) => [item.id, { option: 2 }]));
    // 10 sections × 2 = 20 of 50 → 40 %.
    expect(score(odi, answers)).toMatchObject({ complete: true, score: 40, rawScore: 20 });
    expect(available.latest.map((d) => d.id)).toEqual(['psfs', 'start-back', 'odi-like']);

    const [audit] = await db()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'outcome_definition.added'),
          eq(auditEvents.targetId, 'odi-like@1'),
        ),
      );
    expect(audit).toMatchObject({ actorId: world.admin.id, targetType: 'outcome_definition' });
  });

  it('refuses an invalid file with every problem by field, keeps the text, and stores nothing', async () => {
    const broken = odiLike('broken-one', 1, { citation: undefined });
    (broken.items[3]!.options[1] as { value: unknown }).value = 'one';
    const text = JSON.stringify(broken);
    const answer = await send('admin', text);
    expect(answer.outcome).toBe('refuse');
    expect(answer.message).toBe('The file has 2 problems; nothing was added.');
    expect(answer.text).toContain('citation: is required');
    expect(answer.text).toContain('items[3].options[1].value: must be a number');
    expect(answer.echoed.definition).toBe(text);
    expect(await storedVersions('broken-one')).toEqual([]);

    const notJson = await send('admin', '{ "id": "half-written", ');
    expect(notJson.outcome).toBe('refuse');
    expect(notJson.text).toContain('The file is not valid JSON');
    const empty = await send('admin', '   ');
    expect(empty.outcome).toBe('refuse');
    expect(empty.text).toContain('Choose a definition file (JSON).');
  });

  it('adds a new version as a new row; the old one stays, and published versions never change', async () => {
    expect((await send('admin', JSON.stringify(odiLike('versioned', 1)))).outcome).toBe('allow');
    const again = await send('admin', JSON.stringify(odiLike('versioned', 1, { name: 'Changed' })));
    expect(again.outcome).toBe('refuse');
    expect(again.text).toContain('version: versioned@1 already exists');

    const v3 = await send('admin', JSON.stringify(odiLike('versioned', 3)));
    expect(v3.outcome, v3.text).toBe('allow');
    const older = await send('admin', JSON.stringify(odiLike('versioned', 2)));
    expect(older.text).toContain('version: must be more than 3');
    expect(await storedVersions('versioned')).toEqual([1, 3]);

    const available = await availableDefinitions(world.patientA);
    expect(available.all.filter((d) => d.id === 'versioned').map((d) => d.version)).toEqual([1, 3]);
    expect(available.latest.find((d) => d.id === 'versioned')?.version).toBe(3);
    // Answers given on version 1 are still scored with version 1's own definition.
    expect(findDefinition(available.all, { instrumentId: 'versioned', version: 1 })?.name).toBe(
      'ODI-like versioned v1',
    );
  });

  it('never lets a clinic file take over a shipped instrument', async () => {
    const answer = await send('admin', JSON.stringify(odiLike('start-back', 2)));
    expect(answer.outcome).toBe('refuse');
    expect(answer.text).toContain('is an instrument Adhere ships');
    expect(await storedVersions('start-back')).toEqual([]);
  });

  it('publishes one of two simultaneous uploads of the same version', async () => {
    const results = await Promise.all([
      addClinicDefinition(world.admin, JSON.stringify(odiLike('raced', 1))),
      addClinicDefinition(world.admin, JSON.stringify(odiLike('raced', 1, { name: 'Other' }))),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ reason: 'invalid_file' });
    expect(await storedVersions('raced')).toEqual([1]);
  });

  it('refuses everyone but an admin, and the data layer answers them not found', async () => {
    for (const who of ['physioA', 'patientA', 'signedOut'] as const) {
      const answer = await send(who, JSON.stringify(odiLike(`by-${who.toLowerCase()}`, 1)));
      expect(['signIn', 'notFound'], `${who}: ${answer.outcome}`).toContain(answer.outcome);
      expect(await storedVersions(`by-${who.toLowerCase()}`)).toEqual([]);
    }
    expect(
      await addClinicDefinition(world.physioA, JSON.stringify(odiLike('by-physio', 1))),
    ).toEqual({ ok: false, reason: 'not_found' });
    expect(await listDefinitionsForAdmin(world.physioA)).toBeNull();
  });
});
