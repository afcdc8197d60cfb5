'use client';

import { AppError, type ErrorPageProps } from '@/components/ui/segment-error';
import './globals.css';

/** When even the root layout fails: the same calm message and reference, in its own document. */
export default function GlobalError(props: ErrorPageProps) {
  return (
    <html lang="en">
      <body className="min-h-dvh antialiased">
        <AppError {...props} />
      </body>
    </html>
  );
}
