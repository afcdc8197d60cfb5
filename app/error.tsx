'use client';

import { SegmentError } from '@/components/ui/segment-error';

export default function RootError({ reset }: { error: Error; reset: () => void }) {
  return (
    <main className="mx-auto max-w-xl px-4 py-10">
      <SegmentError reset={reset} />
    </main>
  );
}
