'use client';

import { useCallback, useMemo, useSyncExternalStore } from 'react';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
  type XAxisTickContentProps,
} from 'recharts';
import type { ShownWeek } from '@/lib/metrics/progress';
import { NO_WEEKS_MESSAGE } from './weekly-table';
import { formatDayMonth, formatPain, formatPercent, formatShortDate } from '@/lib/week-format';

/** Colours come from the app's one palette (app/globals.css); SVG resolves var() itself. */
const COLOURS = {
  adherence: 'var(--color-adherence)',
  pain: 'var(--color-pain)',
  grid: 'var(--color-line)',
  text: 'var(--color-muted)',
  cursor: 'var(--color-brand-soft)',
} as const;

const CHART_HEIGHT = 320;
/** Beyond a year of weeks the entrance animation is more wait than help. */
const MAX_ANIMATED_WEEKS = 52;

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

function subscribeReducedMotion(onChange: () => void): () => void {
  const query = window.matchMedia(REDUCED_MOTION);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    subscribeReducedMotion,
    () => window.matchMedia(REDUCED_MOTION).matches,
    // The server cannot know; nothing is drawn there anyway.
    () => true,
  );
}

/** The chart's text alternative in one sentence, for the role="img" wrapper. */
export function chartSummary(weeks: ShownWeek[]): string {
  const first = weeks[0];
  const last = weeks[weeks.length - 1];
  if (!first || !last) return 'Weekly adherence and mean pain: no weeks yet.';
  const span =
    weeks.length === 1
      ? `1 week, the week of ${formatShortDate(first.weekStart)}`
      : `${weeks.length} weeks from ${formatShortDate(first.weekStart)} to ${formatShortDate(last.weekStart)}`;
  const latest = [
    last.adherencePct === null
      ? 'no sessions prescribed'
      : `adherence ${formatPercent(last.adherencePct)}`,
    last.meanPain === null ? 'no pain scores' : `mean pain ${formatPain(last.meanPain)} out of 10`,
  ].join(', ');
  return `Weekly adherence and mean pain, ${span}. Latest week: ${latest}. The same numbers are in the table.`;
}

function WeekTooltip({
  active,
  label,
  byStart,
}: Pick<TooltipContentProps, 'active' | 'label'> & { byStart: Map<string, ShownWeek> }) {
  const week = active && typeof label === 'string' ? byStart.get(label) : undefined;
  if (!week) return null;
  return (
    <div className="border-line bg-surface text-ink rounded border px-3 py-2 text-sm shadow-md">
      <p className="font-semibold">Week of {formatShortDate(week.weekStart)}</p>
      {week.programmeWeek !== null ? (
        <p className="text-muted">Programme week {week.programmeWeek}</p>
      ) : null}
      <dl className="mt-1 grid grid-cols-[auto_auto] gap-x-3">
        <dt>Sessions</dt>
        <dd className="tabular-nums">
          {week.prescribedSessions === 0
            ? 'no sessions prescribed'
            : `${week.completedSessions} of ${week.prescribedSessions} done`}
        </dd>
        <dt className="flex items-center gap-1.5">
          <span aria-hidden="true" className="bg-adherence inline-block size-2.5 rounded-sm" />
          Adherence
        </dt>
        <dd className="tabular-nums">
          {week.adherencePct === null ? '—' : formatPercent(week.adherencePct)}
        </dd>
        <dt className="flex items-center gap-1.5">
          <span aria-hidden="true" className="bg-pain inline-block size-2.5 rounded-full" />
          Mean pain
        </dt>
        <dd className="tabular-nums">
          {week.meanPain === null ? 'no pain scores' : `${formatPain(week.meanPain)} / 10`}
        </dd>
        <dt>Pain scores</dt>
        <dd className="tabular-nums">{week.painReports}</dd>
      </dl>
    </div>
  );
}

function WeekTick({
  x,
  y,
  payload,
  byStart,
}: Pick<XAxisTickContentProps, 'x' | 'y' | 'payload'> & { byStart: Map<string, ShownWeek> }) {
  const weekStart = String(payload.value);
  const programmeWeek = byStart.get(weekStart)?.programmeWeek ?? null;
  return (
    <g transform={`translate(${x},${y})`}>
      <text textAnchor="middle" fill={COLOURS.text} fontSize={12}>
        <tspan x={0} dy="0.9em">
          {formatDayMonth(weekStart)}
        </tspan>
        {programmeWeek !== null ? (
          <tspan x={0} dy="1.25em">
            Wk {programmeWeek}
          </tspan>
        ) : null}
      </text>
    </g>
  );
}

/** A 0% week keeps a sliver of a bar, so that it never looks like a week with no value. */
function zeroBarHeight(value: number | null | undefined): number {
  return value === 0 ? 2 : 0;
}

/**
 * Week by week: bars for adherence (left axis, 0–100%) and a line for mean pain (right axis,
 * 0–10). Weeks without a value are gaps, not zeros. Fed plain props shaped on the server.
 */
export function ProgressChart({ weeks }: { weeks: ShownWeek[] }) {
  const reducedMotion = usePrefersReducedMotion();
  const animate = !reducedMotion && weeks.length <= MAX_ANIMATED_WEEKS;
  const dense = weeks.length > 26;

  const byStart = useMemo(() => new Map(weeks.map((w) => [w.weekStart, w])), [weeks]);
  const renderTick = useCallback(
    (props: XAxisTickContentProps) => <WeekTick {...props} byStart={byStart} />,
    [byStart],
  );
  const renderTooltip = useCallback(
    (props: TooltipContentProps) => <WeekTooltip {...props} byStart={byStart} />,
    [byStart],
  );

  if (weeks.length === 0) {
    return <p className="border-line bg-surface rounded-lg border p-5">{NO_WEEKS_MESSAGE}</p>;
  }

  return (
    <div
      role="img"
      aria-label={chartSummary(weeks)}
      className="border-line bg-surface rounded-lg border p-2 sm:p-4"
    >
      <ResponsiveContainer
        width="100%"
        height={CHART_HEIGHT}
        initialDimension={{ width: 320, height: CHART_HEIGHT }}
      >
        <ComposedChart
          data={weeks}
          margin={{ top: 8, right: 0, bottom: 0, left: 0 }}
          // The wrapper is an image with a text alternative and the table holds the numbers, so
          // the chart itself is not a keyboard stop.
          accessibilityLayer={false}
        >
          <CartesianGrid vertical={false} stroke={COLOURS.grid} />
          <XAxis
            dataKey="weekStart"
            tick={renderTick}
            tickFormatter={formatDayMonth}
            interval="preserveStartEnd"
            minTickGap={12}
            height={44}
            stroke={COLOURS.grid}
          />
          <YAxis
            yAxisId="adherence"
            orientation="left"
            domain={[0, 100]}
            ticks={[0, 25, 50, 75, 100]}
            tickFormatter={(v: number) => `${v}%`}
            width={44}
            tick={{ fill: COLOURS.adherence, fontSize: 12 }}
            stroke={COLOURS.grid}
          />
          <YAxis
            yAxisId="pain"
            orientation="right"
            domain={[0, 10]}
            ticks={[0, 2, 4, 6, 8, 10]}
            width={28}
            tick={{ fill: COLOURS.pain, fontSize: 12 }}
            stroke={COLOURS.grid}
          />
          <Tooltip
            content={renderTooltip}
            filterNull={false}
            cursor={{ fill: COLOURS.cursor }}
            isAnimationActive={animate}
          />
          <Legend
            verticalAlign="top"
            formatter={(value: string) => <span className="text-ink text-sm">{value}</span>}
          />
          <Bar
            name="Adherence (%)"
            dataKey="adherencePct"
            yAxisId="adherence"
            fill={COLOURS.adherence}
            maxBarSize={40}
            minPointSize={zeroBarHeight}
            isAnimationActive={animate}
          />
          <Line
            name="Mean pain (0–10)"
            dataKey="meanPain"
            yAxisId="pain"
            type="linear"
            stroke={COLOURS.pain}
            strokeWidth={2}
            connectNulls={false}
            dot={{ r: dense ? 2 : 3.5, fill: COLOURS.pain, strokeWidth: 0 }}
            activeDot={{ r: 5, fill: COLOURS.pain, strokeWidth: 0 }}
            isAnimationActive={animate}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
