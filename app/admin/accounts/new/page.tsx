import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { requireRole } from '@/app/(auth)/session';
import { NewAccountForm } from '@/components/admin/new-account-form';
import { PageHeader } from '@/components/ui/page-header';
import { listPhysios } from '@/db/queries/accounts';
import { clinicToday } from '@/lib/clinic-today';

export const metadata: Metadata = { title: 'New account' };

const searchSchema = z.object({
  role: z.enum(['physio', 'patient']).catch('physio').default('physio'),
  physio: z.uuid().optional().catch(undefined),
});

const KINDS = [
  { role: 'physio', label: 'Physiotherapist' },
  { role: 'patient', label: 'Patient' },
] as const;

export default async function NewAccountPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireRole('admin');
  const { role, physio } = searchSchema.parse(await searchParams);
  const physios = ((await listPhysios(actor)) ?? []).filter((p) => p.active);

  return (
    <div className="max-w-xl">
      <PageHeader
        title={role === 'physio' ? 'New physiotherapist' : 'New patient'}
        description="The account gets a one-time link to set its own password."
      />
      <nav aria-label="Kind of account" className="mb-4 flex gap-2">
        {KINDS.map((kind) => (
          <Link
            key={kind.role}
            href={`/admin/accounts/new?role=${kind.role}`}
            aria-current={kind.role === role ? 'page' : undefined}
            className="border-brand text-brand-strong hover:bg-brand-soft aria-[current=page]:bg-brand inline-flex min-h-11 items-center rounded border px-4 py-2 text-sm font-medium aria-[current=page]:text-white"
          >
            {kind.label}
          </Link>
        ))}
      </nav>
      {role === 'patient' && physios.length === 0 ? (
        <p className="border-line bg-surface rounded-lg border p-5">
          There is no active physiotherapist to look after a patient.{' '}
          <Link href="/admin/accounts/new?role=physio" className="text-brand-strong underline">
            Create a physiotherapist’s account
          </Link>{' '}
          first.
        </p>
      ) : (
        <NewAccountForm
          // A new form (and a fresh state) when switching between the two kinds.
          key={role}
          role={role}
          physios={physios.map(({ id, name }) => ({ id, name }))}
          defaultPhysioId={physios.some((p) => p.id === physio) ? physio : undefined}
          today={clinicToday()}
        />
      )}
    </div>
  );
}
