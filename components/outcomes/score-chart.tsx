'use client';

import dynamic from 'next/dynamic';
import type { ScoreChartProps } from './score-chart-inner';

// Recharts loads after the page is interactive, as the progress chart does; the table under it
// holds every number.
const Chart = dynamic(() => import('./score-chart-inner').then((m) => m.ScoreChartInner), {
  ssr: false,
  loading: () => (
    <div aria-busy="true" className="bg-line/40 h-48 animate-pulse rounded-lg">
      <span className="sr-only">Loading the chart…</span>
    </div>
  ),
});

export function ScoreChart(props: ScoreChartProps) {
  return <Chart {...props} />;
}
