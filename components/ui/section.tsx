import type { ReactNode } from 'react';

/** A titled part of a record page, named by its heading; `boxed` draws it as a card. */
export function Section({
  id,
  title,
  boxed = false,
  children,
}: {
  id: string;
  title: string;
  boxed?: boolean;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={id}
      className={boxed ? 'border-line bg-surface mb-6 rounded-lg border p-5' : 'mb-8'}
    >
      <h2 id={id} className="mb-3 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
