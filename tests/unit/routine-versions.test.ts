import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '@/lib/dates';
import {
  currentVersion,
  earliestStart,
  endDateProblem,
  explainSave,
  planDischarge,
  planEnd,
  planSave,
  startDateHint,
  startDateProblem,
  VERSION_MESSAGES,
  type SavePlan,
  type VersionSpan,
} from '@/lib/routine-versions';

// Tuesday 3 November 2026.
const TODAY = '2026-11-03';
const YESTERDAY = '2026-11-02';

const version = (
  id: string,
  startDate: IsoDate,
  endDate: IsoDate | null = null,
  title = `Programme ${id}`,
): VersionSpan => ({ id, title, startDate, endDate });

const KEEP = 'the days already prescribed keep their adherence';

describe('the dates on their own', () => {
  it('a start date is today or up to 90 days back', () => {
    expect(startDateProblem(TODAY, TODAY)).toBeNull();
    expect(startDateProblem(addDays(TODAY, -90), TODAY)).toBeNull();
    expect(startDateProblem(addDays(TODAY, -91), TODAY)).toBe(VERSION_MESSAGES.startTooEarly);
    expect(startDateProblem(addDays(TODAY, 1), TODAY)).toBe(VERSION_MESSAGES.startInFuture);
  });

  it('an end date is today or later, and at most a year after the start', () => {
    expect(endDateProblem(TODAY, null, TODAY)).toBeNull();
    expect(endDateProblem(TODAY, TODAY, TODAY)).toBeNull();
    expect(endDateProblem('2026-10-01', YESTERDAY, TODAY)).toBe(VERSION_MESSAGES.endInPast);
    expect(endDateProblem('2026-10-01', '2027-10-02', TODAY)).toBeNull();
    expect(endDateProblem('2026-10-01', '2027-10-03', TODAY)).toBe(VERSION_MESSAGES.endTooLate);
    // Only a start that is itself refused (in the future) can come after a valid end.
    expect(endDateProblem('2026-11-10', '2026-11-05', TODAY)).toBe(VERSION_MESSAGES.endBeforeStart);
  });
});

describe('earliestStart', () => {
  it('is 90 days back for a first programme, or when only a version of today exists', () => {
    expect(earliestStart([], TODAY)).toBe('2026-08-05');
    expect(earliestStart([version('a', TODAY)], TODAY)).toBe('2026-08-05');
  });

  it('is today while a version that began before today is in force', () => {
    expect(earliestStart([version('a', '2026-10-01')], TODAY)).toBe(TODAY);
    expect(earliestStart([version('a', '2026-10-01', '2026-12-01')], TODAY)).toBe(TODAY);
    expect(earliestStart([version('a', '2026-10-01', YESTERDAY)], TODAY)).toBe(TODAY);
  });

  it('is the day after the last one on which a version was in force', () => {
    const versions = [
      version('a', '2026-09-01', '2026-09-30'),
      version('b', '2026-10-05', '2026-10-20'),
    ];
    expect(earliestStart(versions, TODAY)).toBe('2026-10-21');
    // ...but never more than 90 days back.
    expect(earliestStart([version('a', '2026-01-01', '2026-02-01')], TODAY)).toBe('2026-08-05');
  });
});

describe('planSave', () => {
  it("allows a patient's first programme to start today or up to 90 days back", () => {
    expect(
      planSave({ versions: [], today: TODAY, startDate: '2026-08-05', endDate: null }),
    ).toEqual({
      ok: true,
      startDate: '2026-08-05',
      endDate: null,
      ends: [],
      replaces: [],
      follows: null,
    });
    expect(
      planSave({ versions: [], today: TODAY, startDate: '2026-08-04', endDate: null }),
    ).toEqual({ ok: false, field: 'startDate', message: VERSION_MESSAGES.startTooEarly });
  });

  it('a start of today ends the version in force yesterday', () => {
    const a = version('a', '2026-10-01');
    expect(planSave({ versions: [a], today: TODAY, startDate: TODAY, endDate: null })).toEqual({
      ok: true,
      startDate: TODAY,
      endDate: null,
      ends: [{ version: a, endDate: YESTERDAY }],
      replaces: [],
      follows: a,
    });
    // Also one due to end later.
    const b = version('b', '2026-10-01', '2026-11-20');
    expect(
      planSave({ versions: [b], today: TODAY, startDate: TODAY, endDate: null }),
    ).toMatchObject({
      ends: [{ version: b, endDate: YESTERDAY }],
    });
  });

  it('refuses a start back in the days of a version still in force', () => {
    const a = version('a', '2026-10-26', null, 'Back programme');
    expect(
      planSave({ versions: [a], today: TODAY, startDate: '2026-10-30', endDate: null }),
    ).toEqual({
      ok: false,
      field: 'startDate',
      message: `“Back programme” has been in force since Mon 26 Oct 2026. Start the new version today: ${KEEP}.`,
    });
  });

  it('allows a back-dated start only after the last day a version was in force', () => {
    const a = version('a', '2026-10-01', '2026-10-20', 'Core');
    const refused = planSave({
      versions: [a],
      today: TODAY,
      startDate: '2026-10-20',
      endDate: null,
    });
    expect(refused).toEqual({
      ok: false,
      field: 'startDate',
      message: `“Core” was in force until Tue 20 Oct 2026. Start the new version on Wed 21 Oct 2026 or later: ${KEEP}.`,
    });
    expect(
      planSave({ versions: [a], today: TODAY, startDate: '2026-10-21', endDate: null }),
    ).toEqual({
      ok: true,
      startDate: '2026-10-21',
      endDate: null,
      ends: [],
      replaces: [],
      follows: a,
    });
  });

  it('says "today" when the last version ended yesterday', () => {
    const a = version('a', '2026-10-01', YESTERDAY, 'Core');
    expect(planSave({ versions: [a], today: TODAY, startDate: YESTERDAY, endDate: null })).toEqual({
      ok: false,
      field: 'startDate',
      message: `“Core” was in force until Mon 2 Nov 2026. Start the new version today: ${KEEP}.`,
    });
  });

  it('replaces a version that starts today, and keeps the chain to the one before', () => {
    const a = version('a', '2026-10-01', YESTERDAY);
    const b = version('b', TODAY);
    expect(planSave({ versions: [a, b], today: TODAY, startDate: TODAY, endDate: null })).toEqual({
      ok: true,
      startDate: TODAY,
      endDate: null,
      ends: [],
      replaces: [b],
      follows: a,
    });
    // The same day, with no version before: still the patient's first programme, back-dating too.
    expect(
      planSave({ versions: [b], today: TODAY, startDate: '2026-10-20', endDate: null }),
    ).toMatchObject({ ok: true, replaces: [b], follows: null, ends: [] });
  });

  it('refuses an end date in the past, after checking the start', () => {
    expect(
      planSave({ versions: [], today: TODAY, startDate: '2026-10-01', endDate: '2026-10-31' }),
    ).toEqual({ ok: false, field: 'endDate', message: VERSION_MESSAGES.endInPast });
    expect(
      planSave({
        versions: [version('a', '2026-09-01')],
        today: TODAY,
        startDate: '2026-10-01',
        endDate: '2026-10-31',
      }),
    ).toMatchObject({ ok: false, field: 'startDate' });
  });

  /** The versions after a plan is carried out, as the data layer does it. */
  function apply(versions: VersionSpan[], plan: SavePlan): VersionSpan[] {
    const ends = new Map(plan.ends.map((e) => [e.version.id, e.endDate]));
    return [
      ...versions
        .filter((v) => !plan.replaces.some((r) => r.id === v.id))
        .map((v) => ({ ...v, endDate: ends.get(v.id) ?? v.endDate })),
      version('new', plan.startDate, plan.endDate),
    ];
  }

  const inForce = (versions: VersionSpan[], day: IsoDate) =>
    versions
      .filter((v) => v.startDate <= day && (v.endDate === null || v.endDate >= day))
      .map((v) => v.id)
      .sort();

  /** A chain of versions one after another, with gaps, the last one possibly starting today. */
  const chainArbitrary = fc
    .array(
      fc.record({
        gap: fc.integer({ min: 0, max: 10 }),
        length: fc.option(fc.integer({ min: 1, max: 40 })),
      }),
      { maxLength: 4 },
    )
    .chain((links) =>
      fc.integer({ min: -120, max: 0 }).map((first) => {
        const versions: VersionSpan[] = [];
        let next = addDays(TODAY, first);
        for (const [i, link] of links.entries()) {
          const startDate = addDays(next, link.gap);
          if (startDate > TODAY) break;
          const last = i === links.length - 1;
          const endDate =
            link.length === null && last ? null : addDays(startDate, (link.length ?? 1) - 1);
          versions.push(version(`v${i}`, startDate, endDate));
          if (endDate === null) break;
          next = addDays(endDate, 1);
        }
        return versions;
      }),
    );

  // Hundreds of generated histories, each checked day by day: seconds on a busy machine.
  it('property: an allowed save never changes what was in force on a day before today', () => {
    fc.assert(
      fc.property(
        chainArbitrary,
        fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 })),
        fc.option(fc.integer({ min: -20, max: 60 })),
        (versions, back, end) => {
          const startDate = addDays(TODAY, -back);
          const endDate = end === null ? null : addDays(TODAY, end);
          const plan = planSave({ versions, today: TODAY, startDate, endDate });
          if (!plan.ok) {
            // Refused for a field, and a refused start is one before the earliest the rule allows.
            expect(plan.field).toBeDefined();
            if (plan.field === 'startDate' && back <= 90) {
              expect(startDate < earliestStart(versions, TODAY)).toBe(true);
            }
            return;
          }
          expect(startDate >= earliestStart(versions, TODAY)).toBe(true);
          expect(endDate === null || endDate >= TODAY).toBe(true);
          const after = apply(versions, plan);
          for (let day = addDays(TODAY, -130); day < TODAY; day = addDays(day, 1)) {
            const before = inForce(versions, day);
            // A day that had a version keeps exactly it; one that had none may gain the new one.
            if (before.length > 0) {
              expect(inForce(after, day)).toEqual(before);
            } else {
              expect(inForce(after, day).filter((id) => id !== 'new')).toEqual([]);
            }
          }
          // And from today on one version at a time: the new one.
          for (let day = TODAY; day <= addDays(TODAY, 70); day = addDays(day, 1)) {
            expect(inForce(after, day).filter((id) => id !== 'new')).toEqual([]);
          }
        },
      ),
      { numRuns: 1000, seed: 20261103 },
    );
  }, 30_000);
});

describe('planEnd', () => {
  const a = version('a', '2026-10-01', null, 'Core');

  it('ends the current version today or later, never before today', () => {
    expect(planEnd({ versions: [a], today: TODAY, endDate: TODAY })).toEqual({
      ok: true,
      version: a,
      endDate: TODAY,
    });
    expect(planEnd({ versions: [a], today: TODAY, endDate: '2026-12-01' })).toMatchObject({
      ok: true,
      endDate: '2026-12-01',
    });
    for (const endDate of [YESTERDAY, '2026-10-01', '2026-09-01']) {
      expect(planEnd({ versions: [a], today: TODAY, endDate })).toEqual({
        ok: false,
        field: 'endDate',
        message: VERSION_MESSAGES.lastDayInPast,
      });
    }
    expect(planEnd({ versions: [a], today: TODAY, endDate: '2027-11-05' })).toEqual({
      ok: false,
      field: 'endDate',
      message: VERSION_MESSAGES.lastDayTooLate,
    });
  });

  it('has nothing to end once the last version has ended', () => {
    const ended = version('a', '2026-10-01', YESTERDAY);
    expect(planEnd({ versions: [ended], today: TODAY, endDate: TODAY })).toEqual({
      ok: false,
      message: VERSION_MESSAGES.noCurrent,
    });
    expect(currentVersion([ended], TODAY)).toBeNull();
    expect(currentVersion([ended, a], TODAY)).toBe(a);
  });

  it('a version due to start later may not end before it starts', () => {
    const later = version('b', '2026-11-10');
    expect(planEnd({ versions: [a, later], today: TODAY, endDate: '2026-11-05' })).toEqual({
      ok: false,
      field: 'endDate',
      message: 'This routine starts on Tue 10 Nov 2026. Choose that day or a later one.',
    });
  });
});

describe('a discharged patient', () => {
  it('has a programme that neither a save nor an end may change until restored', () => {
    const a = version('a', '2026-10-01', YESTERDAY);
    const message =
      'This patient was discharged on Mon 2 Nov 2026. Restore them to your caseload before changing their routine.';
    expect(
      planSave({
        versions: [a],
        today: TODAY,
        startDate: TODAY,
        endDate: null,
        dischargedOn: YESTERDAY,
      }),
    ).toEqual({ ok: false, message });
    // Discharged today, the version ends today and is still current: its end stays put.
    const b = version('b', '2026-10-01', TODAY);
    expect(
      planEnd({ versions: [b], today: TODAY, endDate: '2026-11-10', dischargedOn: TODAY }),
    ).toEqual({
      ok: false,
      message:
        'This patient was discharged on Tue 3 Nov 2026. Restore them to your caseload before changing their routine.',
    });
    expect(
      planEnd({ versions: [b], today: TODAY, endDate: '2026-11-10', dischargedOn: null }),
    ).toMatchObject({
      ok: true,
    });
    expect(message).toMatch(/discharged/);
  });
});

describe('planDischarge', () => {
  it('discharges today and ends what runs today or later, leaving ended versions alone', () => {
    const old = version('a', '2026-09-01', '2026-09-30');
    const running = version('b', '2026-10-01', '2026-12-01');
    const later = version('c', '2026-12-02');
    expect(planDischarge({ versions: [old, running, later], today: TODAY })).toEqual({
      dischargedOn: TODAY,
      ends: [
        { version: running, endDate: TODAY },
        { version: later, endDate: '2026-12-02' },
      ],
    });
    expect(planDischarge({ versions: [old], today: TODAY })).toEqual({
      dischargedOn: TODAY,
      ends: [],
    });
  });
});

describe('the builder’s words', () => {
  const explain = (versions: VersionSpan[], startDate: string, endDate = '') =>
    explainSave({ versions, today: TODAY, patientName: 'Grace', startDate, endDate });

  it('says what a first programme does', () => {
    expect(explain([], TODAY)).toEqual({
      refused: false,
      text: 'Saving assigns this routine to Grace from Tue 3 Nov 2026.',
    });
    expect(explain([], '2026-10-20').text).toBe(
      'Saving assigns this routine to Grace from Tue 20 Oct 2026. No routine was in force since then, so the days from Tue 20 Oct 2026 count towards the adherence of their weeks.',
    );
  });

  it('says which version ends when, and which is replaced', () => {
    const a = version('a', '2026-10-01', null, 'Core');
    expect(explain([a], TODAY).text).toBe(
      '“Core” will end on Mon 2 Nov 2026 and this version starts on Tue 3 Nov 2026. Earlier weeks keep their adherence. Exercises already ticked off today stay ticked off if they are still in the routine.',
    );
    const ended = version('a', '2026-10-01', YESTERDAY, 'Core');
    const b = version('b', TODAY, null, 'Core, revised');
    expect(explain([ended, b], TODAY).text).toBe(
      'This replaces “Core, revised”, which starts today. Exercises already ticked off today stay ticked off if they are still in the routine.',
    );
  });

  it("gives the save's own refusal, word for word", () => {
    const a = version('a', '2026-10-01', null, 'Core');
    const plan = planSave({ versions: [a], today: TODAY, startDate: '2026-10-20', endDate: null });
    expect(plan.ok).toBe(false);
    expect(explain([a], '2026-10-20')).toEqual({
      refused: true,
      text: !plan.ok ? plan.message : '',
    });
    expect(explain([a], TODAY, '2026-11-01')).toEqual({
      refused: true,
      text: VERSION_MESSAGES.endInPast,
    });
  });

  it('stays general while a date is not a date yet', () => {
    expect(explain([], '')).toEqual({
      refused: false,
      text: 'Saving assigns this routine to Grace.',
    });
    expect(explain([version('a', '2026-10-01')], TODAY, '2026-13-01')).toEqual({
      refused: false,
      text: 'Saving starts a new version of the routine.',
    });
  });

  it('hints at the earliest start date the rule allows', () => {
    expect(startDateHint([], TODAY)).toBe(
      'Today, or up to 90 days ago for a routine begun on paper.',
    );
    expect(startDateHint([version('a', '2026-10-01')], TODAY)).toBe(`Today: ${KEEP}.`);
    expect(startDateHint([version('a', '2026-10-01', '2026-10-20')], TODAY)).toBe(
      'Today, or as far back as Wed 21 Oct 2026 for a routine begun on paper: no routine was in force since then.',
    );
  });
});
