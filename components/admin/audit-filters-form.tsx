import Link from 'next/link';
import {
  AUDIT_ACTIONS,
  AUDIT_ACTION_LABELS,
  type AuditDateInput,
  type AuditFilters,
} from '@/lib/audit-filters';
import { EARLIEST_DATE, LATEST_DATE } from '@/lib/date-range';
import {
  filterButtonClass,
  InputField,
  SearchField,
  SelectField,
} from '@/components/ui/form-field';

const ACTION_OPTIONS = [
  { value: '', label: 'Any action' },
  ...AUDIT_ACTIONS.map((action) => ({ value: action, label: AUDIT_ACTION_LABELS[action] })),
];

/** The date filters show what was typed and, when it cannot be used, why, under the field. */
const DATE_LABELS = { from: 'From (UTC date)', to: 'To (UTC date)' } as const;

const control =
  'border-line bg-surface aria-[invalid=true]:border-danger mt-1 block min-h-11 w-full rounded border px-3 py-2';

const filter = { compact: true, controlClassName: control };

/** The audit log's filters as a GET form: a filtered view is an address that can be shared. */
export function AuditFiltersForm({
  filters,
  dates,
}: {
  filters: AuditFilters;
  dates: AuditDateInput;
}) {
  const filtered = Boolean(
    filters.who ||
    filters.action ||
    filters.from ||
    filters.to ||
    dates.typed.from ||
    dates.typed.to,
  );
  return (
    <form
      method="get"
      role="search"
      aria-label="Filter the audit log"
      className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(4,minmax(0,1fr))_auto] lg:items-start"
    >
      <SearchField
        id="audit-who"
        label="Who (name, email or API token)"
        name="who"
        defaultValue={filters.who}
        controlClassName={control}
      />
      <SelectField
        {...filter}
        id="audit-action"
        label="Action"
        name="action"
        defaultValue={filters.action ?? ''}
        options={ACTION_OPTIONS}
      />
      {(['from', 'to'] as const).map((name) => (
        <InputField
          key={name}
          {...filter}
          id={`audit-${name}`}
          label={DATE_LABELS[name]}
          error={dates.errors[name]}
          name={name}
          type="date"
          min={EARLIEST_DATE}
          max={LATEST_DATE}
          defaultValue={dates.typed[name] ?? filters[name]}
        />
      ))}
      <div className="flex items-center gap-3 lg:pt-6">
        <button type="submit" className={filterButtonClass}>
          Filter
        </button>
        {filtered ? (
          <Link href="/admin/audit" className="text-brand-strong text-sm underline">
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}
