'use client';

import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatShortDate } from '@/lib/week-format';
import { formatScore } from '@/lib/outcome-measures/labels';

export interface ScoreChartProps {
  name: string;
  points: { answeredOn: string; score: number }[];
  range: { min: number; max: number };
  /** The band around the baseline inside which a change is not clinically important. */
  band: { from: number; to: number } | null;
}

/** Colours from the one palette (app/globals.css). */
const COLOURS = {
  line: 'var(--color-brand)',
  band: 'var(--color-brand-soft)',
  grid: 'var(--color-line)',
  text: 'var(--color-muted)',
} as const;

function summary({ name, points, band }: ScoreChartProps): string {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return `${name}: no scores yet.`;
  const span =
    points.length === 1
      ? `one score, ${formatScore(first.score)} on ${formatShortDate(first.answeredOn)}`
      : `${points.length} scores from ${formatScore(first.score)} on ${formatShortDate(first.answeredOn)} to ${formatScore(last.score)} on ${formatShortDate(last.answeredOn)}`;
  const shaded = band
    ? ` The shaded band, ${formatScore(band.from)} to ${formatScore(band.to)}, is less than a clinically important change from the baseline.`
    : '';
  return `${name} over time: ${span}.${shaded} The same numbers are in the table.`;
}

/** Scores over time, one point per completed questionnaire, with the change threshold as a band. */
export function ScoreChartInner(props: ScoreChartProps) {
  const { points, range, band } = props;
  return (
    <div
      role="img"
      aria-label={summary(props)}
      className="border-line bg-surface rounded-lg border p-2"
    >
      <ResponsiveContainer width="100%" height={192} initialDimension={{ width: 320, height: 192 }}>
        <LineChart
          data={points}
          margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid vertical={false} stroke={COLOURS.grid} />
          {band ? (
            <ReferenceArea
              y1={Math.max(range.min, band.from)}
              y2={Math.min(range.max, band.to)}
              fill={COLOURS.band}
              fillOpacity={0.8}
              ifOverflow="hidden"
            />
          ) : null}
          <XAxis
            dataKey="answeredOn"
            tickFormatter={formatShortDate}
            tick={{ fill: COLOURS.text, fontSize: 12 }}
            stroke={COLOURS.grid}
          />
          <YAxis
            domain={[range.min, range.max]}
            allowDecimals={false}
            width={32}
            tick={{ fill: COLOURS.text, fontSize: 12 }}
            stroke={COLOURS.grid}
          />
          <Tooltip
            formatter={(value) => [formatScore(Number(value)), 'Score']}
            labelFormatter={(label) => formatShortDate(String(label))}
          />
          <Line
            type="linear"
            dataKey="score"
            stroke={COLOURS.line}
            strokeWidth={2}
            dot={{ r: 4, fill: COLOURS.line }}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
