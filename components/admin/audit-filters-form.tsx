import Link from 'next/link';
import {
  AUDIT_ACTIONS,
  AUDIT_ACTION_LABELS,
  type AuditDateInput,
  type AuditFilters,
} from '@/lib/audit-filters';
import { EARLIEST_DATE, LATEST_DATE } from '@/lib/date-range';

const control =
  'border-line bg-surface aria-[invalid=true]:border-danger mt-1 block min-h-11 w-full rounded border px-3 py-2';

/** A date filter, showing what was typed and, when it cannot be used, why, under the field. */
function DateFilter({
  name,
  label,
  value,
  error,
}: {
  name: 'from' | 'to';
  label: string;
  value?: string;
  error?: string;
}) {
  const id = `audit-${name}`;
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="date"
        min={EARLIEST_DATE}
        max={LATEST_DATE}
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={control}
      />
      {error ? (
        <p id={`${id}-error`} className="text-danger mt-1 text-sm">
          {error}
        </p>
      ) : null}
    </div>
  );
}

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
      <div>
        <label htmlFor="audit-who" className="text-sm font-medium">
          Who (name or email)
        </label>
        <input
          id="audit-who"
          name="who"
          type="search"
          defaultValue={filters.who}
          className={control}
        />
      </div>
      <div>
        <label htmlFor="audit-action" className="text-sm font-medium">
          Action
        </label>
        <select
          id="audit-action"
          name="action"
          defaultValue={filters.action ?? ''}
          className={control}
        >
          <option value="">Any action</option>
          {AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {AUDIT_ACTION_LABELS[action]}
            </option>
          ))}
        </select>
      </div>
      <DateFilter
        name="from"
        label="From (UTC date)"
        value={dates.typed.from ?? filters.from}
        error={dates.errors.from}
      />
      <DateFilter
        name="to"
        label="To (UTC date)"
        value={dates.typed.to ?? filters.to}
        error={dates.errors.to}
      />
      <div className="flex items-center gap-3 lg:pt-6">
        <button
          type="submit"
          className="bg-brand hover:bg-brand-strong min-h-11 rounded px-4 py-2 font-semibold text-white"
        >
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
