import type { Metadata } from 'next';
import { requireRole } from '@/app/(auth)/session';
import { DefinitionTable } from '@/components/admin/definition-table';
import { UploadDefinitionForm } from '@/components/admin/upload-definition-form';
import { PageHeader } from '@/components/ui/page-header';
import { listDefinitionsForAdmin } from '@/db/queries/outcome-definitions';

export const metadata: Metadata = { title: 'Questionnaires' };

export default async function QuestionnairesPage() {
  const actor = await requireRole('admin');
  const listings = await listDefinitionsForAdmin(actor);

  return (
    <>
      <PageHeader
        title="Questionnaires"
        description="The outcome measures physiotherapists can ask patients to fill in: those Adhere ships and those the clinic added."
      />
      <section
        aria-labelledby="add-questionnaire"
        className="border-line bg-surface mb-6 rounded-lg border p-5"
      >
        <h2 id="add-questionnaire" className="mb-2 text-lg font-semibold">
          Add a questionnaire
        </h2>
        <p className="text-muted mb-4 text-sm">
          Only add a questionnaire the clinic holds a licence for, with its wording exactly as
          licensed (for example the Oswestry Disability Index, which Adhere does not ship). A
          published version never changes: to change a questionnaire, upload it again with a higher
          version number. Answers already given keep the version they were given on.
        </p>
        <UploadDefinitionForm />
      </section>
      <section aria-labelledby="questionnaires">
        <h2 id="questionnaires" className="mb-3 text-lg font-semibold">
          Available questionnaires
        </h2>
        <DefinitionTable listings={listings ?? []} />
      </section>
    </>
  );
}
