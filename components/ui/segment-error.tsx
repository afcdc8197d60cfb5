'use client';

/** What Next.js hands an error page: the error (with a digest for a server failure) and a retry. */
export interface ErrorPageProps {
  error: Error & { digest?: string };
  reset: () => void;
}

const NOTHING_LOST = 'Nothing you saved has been lost. Please try again in a moment.';

/**
 * Shown when a page fails unexpectedly: a calm message and a retry, never the internals. For a
 * failure on the server, Next.js gives the error a digest; the same digest is in the server's log
 * line for it (instrumentation.ts), with the request id, so quoting it finds what happened.
 */
export function SegmentError({ error, reset }: ErrorPageProps) {
  return (
    <div role="alert" className="border-line bg-surface rounded-lg border p-6">
      <h2 className="text-lg font-semibold">This page could not be loaded</h2>
      <p className="text-muted mt-1">{NOTHING_LOST}</p>
      <ReferenceAndRetry error={error} reset={reset} />
    </div>
  );
}

/** When even the root layout fails: the same message, reference and retry, as the page's heading. */
export function AppError({ error, reset }: ErrorPageProps) {
  return (
    <main className="mx-auto max-w-xl px-4 py-10">
      <h1 className="text-2xl font-semibold">Adhere could not be loaded</h1>
      <p className="text-muted mt-2">{NOTHING_LOST}</p>
      <ReferenceAndRetry error={error} reset={reset} />
    </main>
  );
}

/** Under a failure's message: the reference to quote, when there is one, and the retry. */
function ReferenceAndRetry({ error, reset }: ErrorPageProps) {
  return (
    <>
      {error.digest ? <ErrorReference digest={error.digest} /> : null}
      <button
        type="button"
        onClick={reset}
        className="bg-brand mt-4 min-h-11 rounded px-4 py-2 font-semibold text-white"
      >
        Try again
      </button>
    </>
  );
}

function ErrorReference({ digest }: { digest: string }) {
  return (
    <p className="text-muted mt-3 text-sm">
      If this keeps happening, tell the clinic&apos;s administrator and quote this reference:{' '}
      <code className="text-ink font-mono font-semibold">{digest}</code>
    </p>
  );
}
