/**
 * The spec's metric definitions written out plainly, day by day, as the oracle the SQL in
 * db/metrics.ts is tested against. Deliberately naive: loops over days and rows, no cleverness.
 */
import { addDays, isoWeekday, weekStart, type IsoDate } from '@/lib/dates';
import type { WeekTotals, WindowTotals } from '@/lib/metrics/types';
import { isScheduledOn } from '@/lib/weekdays';

export interface StoryItem {
  key: string;
  daysMask: number;
  timesPerDay: number;
}

export interface StoryRoutine {
  startDate: IsoDate;
  endDate: IsoDate | null;
  items: StoryItem[];
}

export interface PatientStory {
  dischargedOn: IsoDate | null;
  routines: StoryRoutine[];
  /** Distinct by (itemKey, date, session). */
  completions: { itemKey: string; date: IsoDate; session: number }[];
  /** One per date. */
  pain: { date: IsoDate; score: number }[];
}

const minDate = (...dates: (IsoDate | null | undefined)[]) =>
  dates.filter((d): d is IsoDate => !!d).sort()[0] ?? null;
const maxDate = (...dates: (IsoDate | null | undefined)[]) =>
  dates
    .filter((d): d is IsoDate => !!d)
    .sort()
    .at(-1) ?? null;

function daysFrom(first: IsoDate, last: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
  return days;
}

function sessionsOn(story: PatientStory, day: IsoDate) {
  let prescribed = 0;
  let completed = 0;
  for (const routine of story.routines) {
    const active = routine.startDate <= day && (routine.endDate === null || routine.endDate >= day);
    if (!active) continue;
    for (const item of routine.items) {
      if (!isScheduledOn(item.daysMask, isoWeekday(day))) continue;
      const done = story.completions.filter((c) => c.itemKey === item.key && c.date === day).length;
      prescribed += item.timesPerDay;
      completed += Math.min(done, item.timesPerDay);
    }
  }
  return { prescribed, completed };
}

const firstStart = (story: PatientStory) => minDate(...story.routines.map((r) => r.startDate));

/**
 * What one day adds to its week's session totals as of `today`: nothing before the first routine
 * start, after the discharge date or after today.
 */
export function referenceDay(
  story: PatientStory,
  day: IsoDate,
  today: IsoDate,
): { prescribed: number; completed: number } {
  const start = firstStart(story);
  const lastDay = minDate(today, story.dischargedOn)!;
  if (!start || day < start || day > lastDay) return { prescribed: 0, completed: 0 };
  return sessionsOn(story, day);
}

export function referenceWeeks(
  story: PatientStory,
  options: { today: IsoDate; from?: IsoDate; to?: IsoDate },
): Omit<WeekTotals, 'patientId'>[] {
  const start = firstStart(story);
  const origin = minDate(start, ...story.pain.map((p) => p.date));
  if (!origin) return [];
  const lastDay = minDate(
    options.today,
    story.dischargedOn,
    options.to ? addDays(weekStart(options.to), 6) : null,
  )!;
  const firstDay = maxDate(origin, options.from ? weekStart(options.from) : null)!;
  if (firstDay > lastDay) return [];

  const weeks: Omit<WeekTotals, 'patientId'>[] = [];
  for (let week = weekStart(firstDay); week <= weekStart(lastDay); week = addDays(week, 7)) {
    const totals = {
      weekStart: week,
      prescribedSessions: 0,
      completedSessions: 0,
      painSum: 0,
      painReports: 0,
    };
    for (const day of daysFrom(week, addDays(week, 6))) {
      if (day < firstDay || day > lastDay) continue;
      if (start && day >= start) {
        const { prescribed, completed } = sessionsOn(story, day);
        totals.prescribedSessions += prescribed;
        totals.completedSessions += completed;
      }
      for (const report of story.pain.filter((p) => p.date === day)) {
        totals.painSum += report.score;
        totals.painReports += 1;
      }
    }
    weeks.push(totals);
  }
  return weeks;
}

export function referenceWindows(
  story: PatientStory,
  today: IsoDate,
): Omit<WindowTotals, 'patientId'> {
  const start = firstStart(story);
  const lastDay = minDate(today, story.dischargedOn)!;
  const inRange = (d: IsoDate, from: IsoDate, to: IsoDate) => d >= from && d <= to && d <= lastDay;

  let prescribed14 = 0;
  let completed14 = 0;
  if (start) {
    for (const day of daysFrom(maxDate(start, addDays(today, -13))!, lastDay)) {
      const s = sessionsOn(story, day);
      prescribed14 += s.prescribed;
      completed14 += s.completed;
    }
  }

  const last7 = story.pain.filter((p) => inRange(p.date, addDays(today, -6), today));
  const previous7 = story.pain.filter((p) =>
    inRange(p.date, addDays(today, -13), addDays(today, -7)),
  );
  const baseline = start
    ? story.pain
        .filter((p) => p.date >= start && p.date <= lastDay)
        .sort((a, b) => a.date.localeCompare(b.date))
        .slice(0, 7)
    : [];
  const sum = (reports: { score: number }[]) => reports.reduce((total, r) => total + r.score, 0);

  const lastActivity = maxDate(
    ...story.completions.map((c) => c.date).filter((d) => d <= lastDay),
    ...story.pain.map((p) => p.date).filter((d) => d <= lastDay),
  );
  const hasActiveRoutine =
    lastDay === today &&
    story.routines.some((r) => r.startDate <= today && (r.endDate === null || r.endDate >= today));

  return {
    prescribed14,
    completed14,
    painSum7: sum(last7),
    painReports7: last7.length,
    painSumPrevious7: sum(previous7),
    painReportsPrevious7: previous7.length,
    baselinePainSum: sum(baseline),
    baselinePainReports: baseline.length,
    hasActiveRoutine,
    activeInLast7Days: lastActivity !== null && lastActivity >= addDays(today, -6),
    lastActivity,
  };
}
