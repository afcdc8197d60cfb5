import Link from 'next/link';
import { AUDIT_ACTIONS, AUDIT_ACTION_LABELS, type AuditFilters } from '@/lib/audit-filters';

const control = 'border-line bg-surface mt-1 block min-h-11 w-full rounded border px-3 py-2';

/** The audit log's filters as a GET form: a filtered view is an address that can be shared. */
export function AuditFiltersForm({ filters }: { filters: AuditFilters }) {
  const filtered = Boolean(filters.who || filters.action || filters.from || filters.to);
  return (
    <form
      method="get"
      role="search"
      aria-label="Filter the audit log"
      className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(4,minmax(0,1fr))_auto] lg:items-end"
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
      <div>
        <label htmlFor="audit-from" className="text-sm font-medium">
          From (UTC date)
        </label>
        <input
          id="audit-from"
          name="from"
          type="date"
          defaultValue={filters.from}
          className={control}
        />
      </div>
      <div>
        <label htmlFor="audit-to" className="text-sm font-medium">
          To (UTC date)
        </label>
        <input id="audit-to" name="to" type="date" defaultValue={filters.to} className={control} />
      </div>
      <div className="flex items-center gap-3">
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
