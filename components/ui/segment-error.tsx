'use client';

/** Shown when a page fails unexpectedly: a calm message and a retry, never the internals. */
export function SegmentError({ reset }: { reset: () => void }) {
  return (
    <div role="alert" className="border-line bg-surface rounded-lg border p-6">
      <h2 className="text-lg font-semibold">This page could not be loaded</h2>
      <p className="text-muted mt-1">
        Nothing you saved has been lost. Please try again in a moment.
      </p>
      <button
        type="button"
        onClick={reset}
        className="bg-brand mt-4 min-h-11 rounded px-4 py-2 font-semibold text-white"
      >
        Try again
      </button>
    </div>
  );
}
