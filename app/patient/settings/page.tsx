import type { Metadata } from 'next';
import { requireRole } from '@/app/(auth)/session';
import { PushSubscriptionControl } from '@/components/reminders/push-subscription-control';
import { ReadingPreferencesForm } from '@/components/settings/reading-preferences-form';
import { PageHeader } from '@/components/ui/page-header';
import { getOwnReadingPreferences } from '@/db/queries/reading-preferences';
import { getOwnReminderSettings } from '@/db/queries/reminders';
import { clinicToday } from '@/lib/clinic-today';

export const metadata: Metadata = { title: 'Settings' };

export default async function PatientSettings() {
  const actor = await requireRole('patient');
  const [preferences, reminders] = await Promise.all([
    getOwnReadingPreferences(actor),
    getOwnReminderSettings(actor, clinicToday()),
  ]);
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title="Settings"
        description="How your pages look. Adhere remembers this for you on every phone you sign in on."
      />
      <ReadingPreferencesForm preferences={preferences} />
      <section aria-labelledby="reminders-heading" className="mt-10 space-y-4">
        <h2 id="reminders-heading" className="text-xl font-semibold">
          Reminders
        </h2>
        <PushSubscriptionControl
          vapidPublicKey={reminders.ok ? reminders.value.vapidPublicKey : null}
        />
      </section>
    </div>
  );
}
