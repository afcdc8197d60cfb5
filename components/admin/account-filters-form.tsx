import type { PhysioOption } from '@/db/queries/accounts';
import {
  filterButtonClass,
  filterControlClass,
  SearchField,
  SelectField,
} from '@/components/ui/form-field';
import type { AccountListFilters } from '@/lib/validation/account';
import { physioOptions } from './labels';

const ROLE_OPTIONS = [
  { value: '', label: 'All roles' },
  { value: 'admin', label: 'Admin' },
  { value: 'physio', label: 'Physio' },
  { value: 'patient', label: 'Patient' },
];

const STATUS_OPTIONS = [
  { value: '', label: 'Any status' },
  { value: 'active', label: 'Active' },
  { value: 'deactivated', label: 'Deactivated' },
];

/** A plain GET form: the filters live in the URL, so a view can be bookmarked. */
export function AccountFiltersForm({
  filters,
  physios,
}: {
  filters: AccountListFilters;
  physios: PhysioOption[];
}) {
  const filter = { compact: true, controlClassName: filterControlClass };
  const selects = [
    { name: 'role', label: 'Role', options: ROLE_OPTIONS },
    { name: 'status', label: 'Status', options: STATUS_OPTIONS },
    { name: 'physio', label: 'Patients of', options: physioOptions(physios, 'Any physio') },
  ] as const;
  return (
    <form method="get" className="mb-4 flex flex-wrap items-end gap-3" role="search">
      <SearchField
        id="account-search"
        label="Search name or email"
        name="search"
        defaultValue={filters.search}
      />
      {selects.map(({ name, label, options }) => (
        <SelectField
          key={name}
          {...filter}
          id={`account-${name}`}
          label={label}
          name={name}
          defaultValue={filters[name] ?? ''}
          options={options}
        />
      ))}
      <button type="submit" className={filterButtonClass}>
        Apply
      </button>
    </form>
  );
}
