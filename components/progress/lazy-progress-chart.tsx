'use client';

import dynamic from 'next/dynamic';

/**
 * The progress chart, loaded after the page is interactive: Recharts is most of a chart page's
 * JavaScript, and every page that shows the chart renders its numbers on the server as a table
 * beside it, which is what a reader has until (and besides) the chart.
 */
export const LazyProgressChart = dynamic(
  () => import('./progress-chart').then((m) => m.ProgressChart),
  {
    ssr: false,
    loading: () => (
      <div aria-busy="true" className="bg-line/40 h-80 animate-pulse rounded-lg">
        <span className="sr-only">Loading the chart…</span>
      </div>
    ),
  },
);
