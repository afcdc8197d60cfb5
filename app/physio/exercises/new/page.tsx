import type { Metadata } from 'next';
import Link from 'next/link';
import { requireRole } from '@/app/(auth)/session';
import { ExerciseForm } from '@/components/exercises/exercise-form';
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
      <Link
        href="/physio/exercises"
        className="text-brand-strong mb-2 inline-block py-2 text-sm font-medium underline-offset-4 hover:underline"
      >
        ← Exercise library
      </Link>
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
