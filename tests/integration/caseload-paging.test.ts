import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { windowTotals } from '@/db/metrics';
import type { Actor } from '@/db/queries/actor';
import { users } from '@/db/schema';
import {
  ATTENTION_FLAGS,
  CASELOAD_PAGE_SIZE,
  CASELOAD_SORTS,
  caseloadViewSchema,
  defaultDirection,
  needsAttention,
  type CaseloadRow,
  type CaseloadView,
} from '@/lib/caseload-view';
import { addDays, type IsoDate } from '@/lib/dates';
import { summarise } from '@/lib/metrics/flags';
import type { PatientStory, StoryItem } from '../support/metrics-reference';
import { caseloadPage } from './helpers/caseload';
import { setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';
import { createStoryAuthor, insertStory } from './helpers/stories';

/*
 * Issue 15: the caseload is searched, filtered, sorted and paged by the database, 50 rows a page.
 * A generated caseload of 130 patients (three pages) is read through every sort, direction and
 * filter, and each page is compared with the reference: the per-patient window totals with
 * lib/metrics's flags (the definition), ordered here in plain code. This also proves the SQL
 * flags behind the filter, the sort and the attention count agree with lib/metrics.
 */

const TODAY: IsoDate = '2026-11-25';
const PATIENTS = 130;
// Letters only, some repeated: names that every collation orders alike, and equal names that
// only the id can order.
const NAMES = ['Ann', 'Anand', 'bob', 'Carla', 'Dan', 'Diana', 'Evan', 'fran', 'Hana', 'Ivan'];

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function storyOf(next: () => number): PatientStory {
  const pick = (n: number) => Math.floor(next() * n);
  if (next() < 0.1) {
    // No programme: no adherence, perhaps a few pain scores.
    const pain = next() < 0.5 ? [{ date: addDays(TODAY, -pick(10)), score: pick(11) }] : [];
    return { dischargedOn: null, routines: [], completions: [], pain };
  }
  const start = addDays(TODAY, -pick(60));
  const items: StoryItem[] = Array.from({ length: 1 + pick(3) }, (_, i) => ({
    key: `i${i}`,
    daysMask: next() < 0.7 ? 127 : 1 + pick(127),
    timesPerDay: 1 + pick(2),
  }));
  const ended = next() < 0.1;
  const completionRate = next() < 0.15 ? 0 : next();
  const painRate = next() < 0.2 ? 0 : next();
  const basePain = pick(9);
  const trend = next() < 0.3 ? 3 : next() < 0.3 ? -3 : 0;
  const completions: PatientStory['completions'] = [];
  const pain: PatientStory['pain'] = [];
  for (let back = 20; back >= 0; back--) {
    const date = addDays(TODAY, -back);
    if (date < start) continue;
    for (const item of items) {
      for (let session = 1; session <= item.timesPerDay; session++) {
        if (next() < completionRate) completions.push({ itemKey: item.key, date, session });
      }
    }
    if (next() < painRate) {
      const drift = back < 7 ? trend : 0;
      pain.push({ date, score: Math.max(0, Math.min(10, basePain + drift + pick(2))) });
    }
  }
  return {
    dischargedOn: next() < 0.08 ? addDays(TODAY, -pick(5)) : null,
    routines: [{ startDate: start, endDate: ended ? addDays(TODAY, -1 - pick(5)) : null, items }],
    completions: completions.filter((c) => c.date >= start),
    pain,
  };
}

interface ReferenceRow extends CaseloadRow {
  dischargedOn: IsoDate | null;
}

/** The caseload's order, in plain code: the sort's key (missing values last), name, then id. */
function referenceOrder(rows: ReferenceRow[], view: CaseloadView): ReferenceRow[] {
  const sign = (view.dir ?? defaultDirection(view.sort)) === 'asc' ? 1 : -1;
  const key = (row: ReferenceRow): string | number | null => {
    switch (view.sort) {
      case 'name':
        return row.name.toLowerCase();
      case 'activity':
        return row.lastActivity;
      case 'adherence':
        return row.adherence14Pct;
      case 'pain':
        return row.meanPain7;
      case 'flags':
        return row.flags.filter((f) => ATTENTION_FLAGS.includes(f)).length;
    }
  };
  const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  const query = view.q.toLowerCase();
  return rows
    .filter((row) => !row.dischargedOn)
    .filter((row) => !query || row.name.toLowerCase().includes(query))
    .filter((row) => !view.flagged || needsAttention(row))
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      const byKey =
        ka === null || kb === null
          ? (ka === null ? 1 : 0) - (kb === null ? 1 : 0)
          : sign * compare(ka, kb);
      return byKey || compare(a.name.toLowerCase(), b.name.toLowerCase()) || compare(a.id, b.id);
    });
}

const shown = ({ dischargedOn: _d, ...row }: ReferenceRow): CaseloadRow => row;

describe('the caseload, a page of 50 at a time (search, filter and sort in SQL)', () => {
  const db = setupTestDatabase();
  let physio: Actor;
  let reference: ReferenceRow[];

  beforeAll(async () => {
    const author = await createStoryAuthor(db());
    const next = random(15);
    for (let i = 0; i < PATIENTS; i++) {
      const id = await insertStory(db(), author, storyOf(next));
      await db()
        .update(users)
        .set({ name: NAMES[i % NAMES.length]! })
        .where(eq(users.id, id));
    }
    physio = { id: author.physioId, role: 'physio', name: 'Physio', email: 'p', sessionId: 's' };
    // Another physio's patient, who must never show up.
    const other = await createUser(db(), { role: 'physio' });
    await createPatient(db(), other, { name: 'Ann' });

    const [totals, people] = await Promise.all([
      windowTotals(db(), { scope: { physioId: physio.id }, today: TODAY }),
      db().query.patientProfiles.findMany({
        columns: { userId: true, dischargedOn: true },
        with: { user: { columns: { name: true } } },
      }),
    ]);
    const person = new Map(people.map((p) => [p.userId, p]));
    reference = totals.map((t) => {
      const summary = summarise(t);
      const p = person.get(t.patientId)!;
      return {
        id: t.patientId,
        name: p.user.name,
        dischargedOn: p.dischargedOn,
        // Every story's programme is titled so; current patients' routine in force today.
        routineTitle: t.hasActiveRoutine ? 'Programme' : null,
        lastActivity: summary.lastActivity,
        adherence14Pct: summary.adherence14Pct,
        meanPain7: summary.meanPain7,
        meanPainPrevious7: summary.meanPainPrevious7,
        flags: summary.flags,
        // The generated caseload answers no questionnaires (outcome-measures.test.ts covers them).
        startBackGroup: null,
      };
    });
  }, 120_000);

  /** Every page of a view, read through the page links' numbers. */
  async function allPages(query: Record<string, string>) {
    const first = (await caseloadPage(physio, TODAY, query))!;
    const pages = [first];
    for (let page = 2; page <= first.pageCount; page++) {
      pages.push((await caseloadPage(physio, TODAY, { ...query, page: String(page) }))!);
    }
    return pages;
  }

  it('is a varied caseload: three pages, every attention flag, missing figures', () => {
    const current = reference.filter((r) => !r.dischargedOn);
    expect(current.length).toBeGreaterThan(2 * CASELOAD_PAGE_SIZE);
    expect(reference.some((r) => r.dischargedOn)).toBe(true);
    for (const flag of ATTENTION_FLAGS) {
      expect(
        current.some((r) => r.flags.includes(flag)),
        flag,
      ).toBe(true);
    }
    expect(current.some((r) => r.adherence14Pct === null)).toBe(true);
    expect(current.some((r) => r.meanPain7 === null)).toBe(true);
  });

  it('pages through every sort, either way, with and without "flagged only", as the reference orders them', async () => {
    const attention = reference.filter((r) => !r.dischargedOn && needsAttention(r)).length;
    const current = reference.filter((r) => !r.dischargedOn).length;
    for (const sort of CASELOAD_SORTS) {
      for (const dir of ['asc', 'desc'] as const) {
        for (const flagged of [false, true]) {
          const query = { sort, dir, ...(flagged ? { flagged: '1' } : {}) };
          const expected = referenceOrder(reference, caseloadViewSchema.parse(query));
          const pages = await allPages(query);
          const label = JSON.stringify(query);
          expect(
            pages.map((p) => p.page),
            label,
          ).toEqual(pages.map((_, i) => i + 1));
          for (const page of pages) {
            expect(page, label).toMatchObject({
              currentCount: current,
              attentionCount: attention,
              matchingCount: expected.length,
              pageCount: Math.ceil(expected.length / CASELOAD_PAGE_SIZE),
            });
            expect(page.rows.length, label).toBeLessThanOrEqual(CASELOAD_PAGE_SIZE);
          }
          expect(
            pages.flatMap((p) => p.rows),
            label,
          ).toEqual(expected.map(shown));
        }
      }
    }
  }, 120_000);

  it('shows rows 51–100 of the chosen sort on page 2', async () => {
    const query = { sort: 'adherence', dir: 'desc', page: '2' };
    const page = (await caseloadPage(physio, TODAY, query))!;
    const expected = referenceOrder(reference, caseloadViewSchema.parse(query)).slice(50, 100);
    expect(page.page).toBe(2);
    expect(page.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    // Missing adherence (nothing prescribed) sorts last in either direction.
    const last = (await caseloadPage(physio, TODAY, { sort: 'adherence', dir: 'asc', page: '3' }))!;
    expect(last.rows.at(-1)?.adherence14Pct).toBeNull();
    expect(page.rows[0]?.adherence14Pct).not.toBeNull();
  });

  it('counts the patients needing attention over the whole caseload, whatever the page or search', async () => {
    const attention = reference.filter((r) => !r.dischargedOn && needsAttention(r)).length;
    expect(attention).toBeGreaterThan(0);
    const flagged = await allPages({ flagged: '1' });
    expect(flagged.flatMap((p) => p.rows).every(needsAttention)).toBe(true);
    expect(flagged.flatMap((p) => p.rows)).toHaveLength(attention);
    const searched = (await caseloadPage(physio, TODAY, { q: 'IVAN', page: '1' }))!;
    expect(searched.attentionCount).toBe(attention);
    expect(searched.rows.map((r) => r.name)).toEqual(
      referenceOrder(reference, caseloadViewSchema.parse({ q: 'ivan' })).map((r) => r.name),
    );
    expect(new Set(searched.rows.map((r) => r.name))).toEqual(new Set(['Ivan']));
  });

  it('gives the last page for a page past the end, and an empty page when nothing matches', async () => {
    const last = (await caseloadPage(physio, TODAY, { sort: 'name', page: '3' }))!;
    const beyond = (await caseloadPage(physio, TODAY, { sort: 'name', page: '999' }))!;
    expect(beyond.page).toBe(beyond.pageCount);
    expect(beyond.rows).toEqual(last.rows);
    const none = (await caseloadPage(physio, TODAY, { q: 'nobody', page: '4' }))!;
    expect(none).toMatchObject({ rows: [], matchingCount: 0, page: 1, pageCount: 1 });
  });

  it("lists discharged patients apart, and never another physio's", async () => {
    const discharged = reference.filter((r) => r.dischargedOn);
    expect(discharged.length).toBeGreaterThan(0);
    // The list rides on the page's one statement: the same whatever page, search or filter.
    const views: Record<string, string>[] = [
      {},
      { sort: 'name', page: '3' },
      { q: 'nobody' },
      { flagged: '1' },
    ];
    for (const query of views) {
      const shown = (await caseloadPage(physio, TODAY, query))!.discharged;
      expect(shown.map((r) => r.id).sort()).toEqual(discharged.map((r) => r.id).sort());
    }
    const everyone = (await allPages({ sort: 'name' })).flatMap((p) => p.rows.map((r) => r.id));
    expect(everyone).toHaveLength(new Set(everyone).size);
    expect(everyone.sort()).toEqual(
      reference
        .filter((r) => !r.dischargedOn)
        .map((r) => r.id)
        .sort(),
    );
    const patient: Actor = {
      id: randomUUID(),
      role: 'patient',
      name: 'P',
      email: 'e',
      sessionId: 's',
    };
    expect(await caseloadPage(patient, TODAY)).toBeNull();
  });
});
