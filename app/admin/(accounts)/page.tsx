import type { Metadata } from 'next';
import { requireRole } from '@/app/(auth)/session';
import { AccountStatusButton } from '@/components/admin/account-status-button';
import { AccountFiltersForm } from '@/components/admin/account-filters-form';
import { PageHeader } from '@/components/ui/page-header';
import { listAccounts } from '@/db/queries/accounts';
import { accountFiltersSchema } from '@/lib/account-filters';

export const metadata: Metadata = { title: 'Accounts' };

const ROLE_LABEL = { admin: 'Admin', physio: 'Physio', patient: 'Patient' } as const;

export default async function AdminHome({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireRole('admin');
  const parsed = accountFiltersSchema.safeParse(await searchParams);
  const filters = parsed.success ? parsed.data : {};
  const accounts = (await listAccounts(actor, filters)) ?? [];

  return (
    <>
      <PageHeader
        title="Accounts"
        description="Everyone who can sign in to this clinic's Adhere."
      />
      <AccountFiltersForm filters={filters} />
      <p className="text-muted mb-2 text-sm" role="status">
        {accounts.length} account{accounts.length === 1 ? '' : 's'}
      </p>
      <div className="border-line bg-surface overflow-x-auto rounded-lg border">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Accounts</caption>
          <thead className="border-line bg-canvas border-b">
            <tr>
              <th scope="col" className="px-4 py-3 font-semibold">
                Name
              </th>
              <th scope="col" className="px-4 py-3 font-semibold">
                Role
              </th>
              <th scope="col" className="px-4 py-3 font-semibold">
                Physio
              </th>
              <th scope="col" className="px-4 py-3 font-semibold">
                Status
              </th>
              <th scope="col" className="px-4 py-3 font-semibold">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr key={account.id} className="border-line border-b last:border-0">
                <th scope="row" className="px-4 py-3 font-medium">
                  {account.name}
                  <span className="text-muted block text-xs font-normal">{account.email}</span>
                </th>
                <td className="px-4 py-3">{ROLE_LABEL[account.role]}</td>
                <td className="px-4 py-3">{account.physioName ?? '—'}</td>
                <td className="px-4 py-3">
                  {account.active ? 'Active' : 'Deactivated'}
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
          </tbody>
        </table>
      </div>
    </>
  );
}
