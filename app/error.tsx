'use client';

import { SegmentError, type ErrorPageProps } from '@/components/ui/segment-error';

export default function RootError(props: ErrorPageProps) {
  return (
    <main className="mx-auto max-w-xl px-4 py-10">
      <SegmentError {...props} />
    </main>
  );
}
