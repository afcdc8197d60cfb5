import Link from 'next/link';

export default function ExerciseNotFound() {
  return (
    <div className="border-line bg-surface rounded-lg border p-6">
      <h1 className="text-2xl font-semibold tracking-tight">Exercise not found</h1>
      <p className="text-muted mt-2">This exercise does not exist, or it is not in your library.</p>
      <Link
        href="/physio/exercises"
        className="bg-brand mt-4 inline-block rounded px-4 py-2 font-semibold text-white"
      >
        Back to the exercise library
      </Link>
    </div>
  );
}
