import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { notFoundFor, requireRole } from '@/app/(auth)/session';
import { AccountStatusButton } from '@/components/admin/account-status-button';
import { ROLE_LABEL } from '@/components/admin/labels';
import { PasswordLinkButton } from '@/components/admin/password-link-button';
import { ReassignForm } from '@/components/admin/reassign-form';
import { DownloadReportLink } from '@/components/patients/download-report-link';
import { MailDeliveryList } from '@/components/mail/mail-delivery-list';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { getAccount, listPhysios } from '@/db/queries/accounts';
import { listMailDeliveries } from '@/db/queries/mail-deliveries';
import { formatDate } from '@/lib/format';
import { mailEnabled } from '@/lib/mail/settings';

export const metadata: Metadata = { title: 'Account' };

const paramsSchema = z.object({ id: z.uuid() });

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="sm:flex sm:gap-4">
      <dt className="text-muted sm:w-44 sm:shrink-0">{term}</dt>
      <dd className="font-medium break-words">{children}</dd>
    </div>
  );
}

export default async function AccountPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireRole('admin');
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) return notFoundFor(actor);
  const [account, physios, deliveries] = await Promise.all([
    getAccount(actor, parsed.data.id),
    listPhysios(actor),
    listMailDeliveries(actor, parsed.data.id),
  ]);
  if (!account) return notFoundFor(actor, parsed.data.id);
  const activePhysios = (physios ?? [])
    .filter((p) => p.active)
    .map(({ id, name }) => ({ id, name }));
  const isSelf = account.id === actor.id;

  return (
    <div className="max-w-3xl">
      <p className="mb-2 text-sm">
        <Link href="/admin" className="text-brand-strong underline">
          ← All accounts
        </Link>
      </p>
      <PageHeader title={account.name} description={`${ROLE_LABEL[account.role]} account`} />

      <Section boxed id="account-details" title="Details">
        <dl className="space-y-2">
          <Fact term="Email">{account.email}</Fact>
          <Fact term="Role">{ROLE_LABEL[account.role]}</Fact>
          <Fact term="Status">{account.active ? 'Active' : 'Deactivated'}</Fact>
          <Fact term="Password">{account.hasPassword ? 'Set' : 'Not set yet'}</Fact>
          <Fact term="Account created">
            {formatDate(account.createdAt.toISOString().slice(0, 10))} (UTC)
          </Fact>
          {account.role === 'patient' ? (
            <>
              <Fact term="Physiotherapist">
                {account.physioName ?? '—'}
                {account.physioActive === false ? ' (deactivated)' : ''}
              </Fact>
              <Fact term="Discharged">
                {account.dischargedOn ? formatDate(account.dischargedOn) : 'No'}
              </Fact>
            </>
          ) : null}
          {account.role === 'physio' ? (
            <Fact term="Current patients">
              {account.currentPatients}{' '}
              <Link
                href={`/admin?physio=${account.id}`}
                className="text-brand-strong font-normal underline"
              >
                List their patients
              </Link>
            </Fact>
          ) : null}
        </dl>
        {account.role === 'physio' && !account.active && account.currentPatients > 0 ? (
          <p className="border-warning bg-warning-soft mt-4 rounded border px-3 py-2">
            This physiotherapist is deactivated but still has {account.currentPatients} current
            patient{account.currentPatients === 1 ? '' : 's'}. Hand them over to an active colleague
            from each patient’s account page.
          </p>
        ) : null}
        {account.role === 'physio' && account.active ? (
          <p className="mt-4">
            <Link
              href={`/admin/accounts/new?role=patient&physio=${account.id}`}
              className="text-brand-strong underline"
            >
              Add a patient for {account.name}
            </Link>
          </p>
        ) : null}
      </Section>

      {account.role === 'patient' ? (
        <Section boxed id="account-physio" title="Physiotherapist">
          <p className="mb-3">
            Handing a patient over keeps all their records with them. The previous physiotherapist
            loses access at once and the new one gains it.
          </p>
          <ReassignForm
            patientId={account.id}
            currentPhysioId={account.physioId}
            physios={activePhysios}
          />
        </Section>
      ) : null}

      {account.role === 'patient' ? (
        <Section boxed id="account-report" title="Progress report">
          <p className="mb-3">
            A PDF of the patient’s programme, weekly adherence and pain, and flags, for a referrer.
          </p>
          <DownloadReportLink patientId={account.id} />
        </Section>
      ) : null}

      <Section boxed id="account-access" title="Access">
        <div className="space-y-4">
          <div>
            <p className="mb-2">
              A new set-password link lets the account holder choose a password, for example after
              losing theirs. Earlier links stop working.
            </p>
            <PasswordLinkButton userId={account.id} />
          </div>
          <div>
            <h3 className="mb-2 font-semibold">Set-password e-mails</h3>
            <MailDeliveryList deliveries={deliveries ?? []} mailConfigured={mailEnabled()} />
          </div>
          <div>
            <p className="mb-2">
              {account.active
                ? 'Deactivating ends the account’s sessions at once, stops it signing in and voids its unused set-password links. Nothing is deleted.'
                : 'This account cannot sign in. Reactivating lets it sign in again.'}
            </p>
            {isSelf ? (
              <p className="text-muted">This is your own account.</p>
            ) : (
              <AccountStatusButton
                userId={account.id}
                name={account.name}
                active={account.active}
              />
            )}
          </div>
        </div>
      </Section>
    </div>
  );
}
