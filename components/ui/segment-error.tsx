'use client';

/**
 * Shown when a page fails unexpectedly: a calm message and a retry, never the internals. For a
 * failure on the server, Next.js gives the error a digest; the same digest is in the server's log
 * line for it (instrumentation.ts), with the request id, so quoting it finds what happened.
 */
export function SegmentError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div role="alert" className="border-line bg-surface rounded-lg border p-6">
      <h2 className="text-lg font-semibold">This page could not be loaded</h2>
      <p className="text-muted mt-1">
        Nothing you saved has been lost. Please try again in a moment.
      </p>
      {error.digest ? <ErrorReference digest={error.digest} /> : null}
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

export function ErrorReference({ digest }: { digest: string }) {
  return (
    <p className="text-muted mt-3 text-sm">
      If this keeps happening, tell the clinic&apos;s administrator and quote this reference:{' '}
      <code className="text-ink font-mono font-semibold">{digest}</code>
    </p>
  );
}
