import type { PhysioOption } from '@/db/queries/accounts';
import type { AccountListFilters } from '@/lib/validation/account';

const control = 'mt-1 block min-h-11 rounded border border-line bg-surface px-3 py-2';

/** A plain GET form: the filters live in the URL, so a view can be bookmarked. */
export function AccountFiltersForm({
  filters,
  physios,
}: {
  filters: AccountListFilters;
  physios: PhysioOption[];
}) {
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
      <div>
        <label htmlFor="account-physio" className="text-sm font-medium">
          Patients of
        </label>
        <select
          id="account-physio"
          name="physio"
          defaultValue={filters.physio ?? ''}
          className={control}
        >
          <option value="">Any physio</option>
          {physios.map((physio) => (
            <option key={physio.id} value={physio.id}>
              {physio.name}
              {physio.active ? '' : ' (deactivated)'}
            </option>
          ))}
        </select>
      </div>
      <button
        type="submit"
        className="bg-brand hover:bg-brand-strong min-h-11 rounded px-4 py-2 font-semibold text-white"
      >
        Apply
      </button>
    </form>
  );
}
