import type { Metadata } from 'next';
import { requireRole } from '@/app/(auth)/session';
import { ExerciseForm } from '@/components/exercises/exercise-form';
import { BackLink } from '@/components/ui/back-link';
import { PageHeader } from '@/components/ui/page-header';
import { getExercise } from '@/db/queries/exercises';
import { newIdempotencyKey } from '@/lib/idempotency-key';
import { EMPTY_EXERCISE_VALUES, exerciseFormValues } from '@/lib/validation/exercise';

export const metadata: Metadata = { title: 'New exercise' };

export default async function NewExercisePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireRole('physio');
  // "Copy to adapt it": start from an exercise the physio may see (a shipped one, say).
  const from = (await searchParams).from;
  const original = typeof from === 'string' ? await getExercise(actor, from) : null;

  return (
    <>
      <BackLink href="/physio/exercises">Exercise library</BackLink>
      <PageHeader
        title="New exercise"
        description={
          original
            ? `A copy of “${original.name}” for you to adapt. Saving adds it to the library as yours.`
            : 'Write it for your patient: plain words, one step per line.'
        }
      />
      <ExerciseForm
        idempotencyKey={newIdempotencyKey()}
        initialValues={original ? exerciseFormValues(original) : EMPTY_EXERCISE_VALUES}
        cancelHref={original ? `/physio/exercises/${original.id}` : '/physio/exercises'}
      />
    </>
  );
}
