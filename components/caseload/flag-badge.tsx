import { FLAG_INFO } from '@/lib/metrics/flags';
import type { FlagId } from '@/lib/metrics/types';

/** The id of a flag's explanation in the legend, which screen readers read with the badge. */
export const flagHelpId = (flag: FlagId) => `flag-help-${flag}`;

/**
 * A flag with its rule: shown on hover and keyboard focus (a CSS tooltip, its text in
 * app/globals.css as the flag class's --tip), and read out by screen readers from the legend on
 * the same page.
 */
export function FlagBadge({ flag }: { flag: FlagId }) {
  const info = FLAG_INFO[flag];
  return (
    <span tabIndex={0} className={`flag flag-${flag}`} aria-describedby={flagHelpId(flag)}>
      {info.label}
    </span>
  );
}
