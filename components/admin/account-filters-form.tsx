import type { AccountFilters } from '@/lib/account-filters';

/** A plain GET form: the filters live in the URL, so a view can be bookmarked. */
export function AccountFiltersForm({ filters }: { filters: AccountFilters }) {
  const control = 'mt-1 block min-h-11 rounded border border-line bg-surface px-3 py-2';
  return (
    <form method="get" className="mb-4 flex flex-wrap items-end gap-3" role="search">
      <div>
        <label htmlFor="account-search" className="text-sm font-medium">
          Search name or email
        </label>
        <input
          id="account-search"
          name="search"
          type="search"
          defaultValue={filters.search}
          className={control}
        />
      </div>
      <div>
        <label htmlFor="account-role" className="text-sm font-medium">
          Role
        </label>
        <select id="account-role" name="role" defaultValue={filters.role ?? ''} className={control}>
          <option value="">All roles</option>
          <option value="admin">Admin</option>
          <option value="physio">Physio</option>
          <option value="patient">Patient</option>
        </select>
      </div>
      <div>
        <label htmlFor="account-status" className="text-sm font-medium">
          Status
        </label>
        <select
          id="account-status"
          name="status"
          defaultValue={filters.status ?? ''}
          className={control}
        >
          <option value="">Any status</option>
          <option value="active">Active</option>
          <option value="deactivated">Deactivated</option>
        </select>
      </div>
      <button
        type="submit"
        className="bg-brand min-h-11 rounded px-4 py-2 font-semibold text-white"
      >
        Apply
      </button>
    </form>
  );
}
