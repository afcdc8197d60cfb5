import type { Metadata } from 'next';
import { requireRole } from '@/app/(auth)/session';
import { ApiTokenTable } from '@/components/admin/api-token-table';
import { NewApiTokenForm } from '@/components/admin/new-api-token-form';
import { PageHeader } from '@/components/ui/page-header';
import { listPhysios } from '@/db/queries/accounts';
import { listApiTokens } from '@/db/queries/api-tokens';
import { publicUrl } from '@/lib/public-url';

export const metadata: Metadata = { title: 'API tokens' };

export default async function ApiTokensPage() {
  const actor = await requireRole('admin');
  const [tokens, physios] = await Promise.all([listApiTokens(actor), listPhysios(actor)]);

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Personal access tokens let another system, such as the clinic’s EHR, read Adhere’s FHIR API. They can only read, they expire, and every use is in the audit log."
      />
      <section
        aria-labelledby="new-token"
        className="border-line bg-surface mb-6 rounded-lg border p-5"
      >
        <h2 id="new-token" className="mb-4 text-lg font-semibold">
          New token
        </h2>
        <NewApiTokenForm physios={physios ?? []} />
        <p className="text-muted mt-4 text-sm">
          The API is at <code className="break-all">{publicUrl('/fhir/R4')}</code>; see docs/fhir.md
          for what it offers.
        </p>
      </section>
      <section aria-labelledby="tokens">
        <h2 id="tokens" className="mb-3 text-lg font-semibold">
          Tokens
        </h2>
        <ApiTokenTable tokens={tokens ?? []} />
      </section>
    </>
  );
}
