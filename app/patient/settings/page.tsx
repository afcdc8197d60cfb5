import type { Metadata } from 'next';
import { requireRole } from '@/app/(auth)/session';
import { ReadingPreferencesForm } from '@/components/settings/reading-preferences-form';
import { PageHeader } from '@/components/ui/page-header';
import { getOwnReadingPreferences } from '@/db/queries/reading-preferences';

export const metadata: Metadata = { title: 'Settings' };

export default async function PatientSettings() {
  const actor = await requireRole('patient');
  const preferences = await getOwnReadingPreferences(actor);
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title="Settings"
        description="How your pages look. Adhere remembers this for you on every phone you sign in on."
      />
      <ReadingPreferencesForm preferences={preferences} />
    </div>
  );
}
