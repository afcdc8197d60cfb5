import type { Metadata } from 'next';
import { requireRole } from '@/app/(auth)/session';
import { PushSubscriptionControl } from '@/components/reminders/push-subscription-control';
import { ReadingPreferencesForm } from '@/components/settings/reading-preferences-form';
import { RemindersForm } from '@/components/settings/reminders-form';
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
    <div className="mx-auto max-w-2xl space-y-10">
      <div>
        <PageHeader
          title="Settings"
          description="How your pages look. Adhere remembers this for you on every phone you sign in on."
        />
        <ReadingPreferencesForm preferences={preferences} />
      </div>
      {reminders.ok ? (
        <section aria-labelledby="reminders-heading" className="space-y-4">
          <h2 id="reminders-heading" className="text-2xl font-semibold">
            Reminders
          </h2>
          <p className="text-muted">
            A reminder when it is time for your exercises. It says only that: nothing about your
            programme or your health.
          </p>
          <RemindersForm
            enabled={reminders.value.preferences.enabled}
            dailyTime={reminders.value.preferences.dailyTime}
            daysMask={reminders.value.daysMask}
            programmeDaysMask={reminders.value.programmeDaysMask}
            push={reminders.value.preferences.push}
            email={reminders.value.preferences.email}
            eveningNudge={reminders.value.preferences.eveningNudge}
            emailAvailable={reminders.value.emailAvailable}
            emailAddress={actor.email}
            pushAvailable={reminders.value.vapidPublicKey !== null}
            quietHours={reminders.value.quietHours}
            eveningTime={reminders.value.eveningTime}
            pushControl={
              <PushSubscriptionControl vapidPublicKey={reminders.value.vapidPublicKey} />
            }
          />
        </section>
      ) : null}
    </div>
  );
}
