import { FLAG_INFO } from '@/lib/metrics/flags';
import type { FlagId } from '@/lib/metrics/types';

const TONE: Record<FlagId, string> = {
  pain_rising: 'bg-danger-soft text-danger border-danger',
  low_adherence: 'bg-warning-soft text-warning border-warning',
  inactive: 'bg-canvas text-ink border-muted',
  improving: 'bg-brand-soft text-brand-strong border-brand',
};

/** A flag with its rule: shown on hover and keyboard focus, and read out by screen readers. */
export function FlagBadge({ flag }: { flag: FlagId }) {
  const info = FLAG_INFO[flag];
  return (
    <span className="group relative inline-block">
      <span
        tabIndex={0}
        className={`inline-block rounded-full border px-2 py-0.5 text-xs font-semibold ${TONE[flag]}`}
      >
        {info.label}
        <span className="sr-only">: {info.explanation}</span>
      </span>
      <span
        aria-hidden="true"
        className="bg-ink pointer-events-none absolute bottom-full left-0 z-10 mb-1 hidden w-64 rounded px-2 py-1 text-xs font-normal text-white shadow group-focus-within:block group-hover:block"
      >
        {info.explanation}
      </span>
    </span>
  );
}
