import { FLAG_INFO } from '@/lib/metrics/flags';
import type { FlagId } from '@/lib/metrics/types';
import { flagHelpId } from './flag-badge';

/** The legend entry that the STarT Back group beside a name is described by. */
export const RISK_GROUP_HELP_ID = 'risk-group-help';

export function FlagLegend() {
  return (
    <details className="text-muted mt-4 text-sm">
      <summary className="min-h-11 cursor-pointer py-2 font-medium">What the flags mean</summary>
      <dl className="grid gap-2 sm:grid-cols-[max-content_1fr] sm:gap-x-4">
        {(Object.keys(FLAG_INFO) as FlagId[]).map((flag) => (
          <div key={flag} className="contents">
            <dt className="text-ink font-semibold">{FLAG_INFO[flag].label}</dt>
            <dd id={flagHelpId(flag)}>{FLAG_INFO[flag].explanation}</dd>
          </div>
        ))}
        <div className="contents">
          <dt className="text-ink font-semibold">Low / Medium / High risk (beside the name)</dt>
          <dd id={RISK_GROUP_HELP_ID}>
            The latest STarT Back Screening Tool group: the risk of the back pain becoming
            long-lasting, which guides the kind of care (low: advice and self-management support;
            medium: physiotherapy; high: physiotherapy that also addresses worry and low mood).
          </dd>
        </div>
      </dl>
    </details>
  );
}
