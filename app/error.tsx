'use client';

import { SegmentError } from '@/components/ui/segment-error';

export default function RootError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main className="mx-auto max-w-xl px-4 py-10">
      <SegmentError error={error} reset={reset} />
    </main>
  );
}
