'use client';

import { ErrorReference } from '@/components/ui/segment-error';
import './globals.css';

/** When even the root layout fails: the same calm message and reference, in its own document. */
export default function GlobalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <body className="min-h-dvh antialiased">
        <main className="mx-auto max-w-xl px-4 py-10">
          <h1 className="text-2xl font-semibold">Adhere could not be loaded</h1>
          <p className="text-muted mt-2">
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
        </main>
      </body>
    </html>
  );
}
