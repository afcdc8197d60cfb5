import type { Metadata } from 'next';
import Link from 'next/link';
import { requireRole } from '@/app/(auth)/session';
import { AccountFiltersForm } from '@/components/admin/account-filters-form';
import { AccountStatusButton } from '@/components/admin/account-status-button';
import { ROLE_LABEL } from '@/components/admin/labels';
import { DataTable } from '@/components/ui/data-table';
import { PageHeader } from '@/components/ui/page-header';
import { listAccounts, listPhysios } from '@/db/queries/accounts';
import { accountListFiltersSchema } from '@/lib/validation/account';

export const metadata: Metadata = { title: 'Accounts' };

const COLUMNS = [
  { header: 'Name' },
  { header: 'Role' },
  { header: 'Physio' },
  { header: 'Status' },
  { header: <span className="sr-only">Actions</span> },
];

export default async function AdminHome({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireRole('admin');
  const parsed = accountListFiltersSchema.safeParse(await searchParams);
  const filters = parsed.success ? parsed.data : {};
  const [accounts, physios] = await Promise.all([
    listAccounts(actor, filters).then((rows) => rows ?? []),
    listPhysios(actor).then((rows) => rows ?? []),
  ]);
  const filtered = Object.values(filters).some((v) => v !== undefined);

  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeader
          title="Accounts"
          description="Everyone who can sign in to this clinic's Adhere."
        />
        <div className="mb-4 flex flex-wrap gap-2">
          <Link
            href="/admin/accounts/new?role=physio"
            className="bg-brand hover:bg-brand-strong inline-flex min-h-11 items-center rounded px-4 py-2 font-semibold text-white"
          >
            New physio
          </Link>
          <Link
            href="/admin/accounts/new?role=patient"
            className="bg-brand hover:bg-brand-strong inline-flex min-h-11 items-center rounded px-4 py-2 font-semibold text-white"
          >
            New patient
          </Link>
        </div>
      </div>
      <AccountFiltersForm filters={filters} physios={physios} />
      <p className="text-muted mb-2 text-sm" role="status">
        {accounts.length} account{accounts.length === 1 ? '' : 's'}
        {filtered ? (
          <>
            {' '}
            match these filters.{' '}
            <Link href="/admin" className="text-brand-strong underline">
              Show everyone
            </Link>
          </>
        ) : null}
      </p>
      <DataTable caption="Accounts" columns={COLUMNS} headerClassName="px-4 py-3 font-semibold">
        {accounts.map((account) => (
          <tr key={account.id} className="border-line border-b last:border-0">
            <th scope="row" className="min-w-48 px-4 py-3 font-medium">
              <Link
                href={`/admin/accounts/${account.id}`}
                className="text-brand-strong underline-offset-2 hover:underline"
              >
                {account.name}
              </Link>
              <span className="text-muted block text-xs font-normal">{account.email}</span>
            </th>
            <td className="px-4 py-3">{ROLE_LABEL[account.role]}</td>
            <td className="px-4 py-3">{account.physioName ?? '—'}</td>
            <td className="px-4 py-3">
              {account.active ? 'Active' : 'Deactivated'}
              {account.dischargedOn ? (
                <span className="text-muted block text-xs">Discharged</span>
              ) : null}
              {!account.hasPassword ? (
                <span className="text-muted block text-xs">No password set yet</span>
              ) : null}
            </td>
            <td className="px-4 py-3">
              {account.id === actor.id ? (
                <span className="text-muted text-xs">You</span>
              ) : (
                <AccountStatusButton
                  userId={account.id}
                  name={account.name}
                  active={account.active}
                />
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
