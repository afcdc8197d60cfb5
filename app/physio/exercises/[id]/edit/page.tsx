import type { Metadata } from 'next';
import { notFoundFor, requireRole } from '@/app/(auth)/session';
import { ExerciseForm } from '@/components/exercises/exercise-form';
import { BackLink } from '@/components/ui/back-link';
import { PageHeader } from '@/components/ui/page-header';
import { getExercise } from '@/db/queries/exercises';
import { exerciseFormValues } from '@/lib/validation/exercise';

export const metadata: Metadata = { title: 'Edit exercise' };

export default async function EditExercisePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireRole('physio');
  const exercise = await getExercise(actor, (await params).id);
  // Only the author edits: the shipped library and colleagues' exercises have no edit page.
  if (!exercise?.editable) return notFoundFor(actor, (await params).id);
  const exerciseHref = `/physio/exercises/${exercise.id}`;

  return (
    <>
      <BackLink href={exerciseHref}>{exercise.name}</BackLink>
      <PageHeader
        title="Edit exercise"
        description="Programmes that use this exercise show the new name and instructions; the doses already prescribed in them stay as they are."
      />
      <ExerciseForm
        exerciseId={exercise.id}
        initialValues={exerciseFormValues(exercise)}
        cancelHref={exerciseHref}
      />
    </>
  );
}
