import { instructionSteps } from '@/lib/validation/exercise';

/**
 * An exercise's instructions as the patient reads them: one numbered step per line (the numbers
 * the author typed are replaced by the list's own), or a paragraph when there is a single step.
 */
export function ExerciseInstructions({
  instructions,
  className = '',
}: {
  instructions: string;
  className?: string;
}) {
  const steps = instructionSteps(instructions);
  if (steps.length === 1) return <p className={className}>{steps[0]}</p>;
  return (
    <ol className={`list-decimal space-y-1.5 pl-6 marker:font-semibold ${className}`}>
      {steps.map((step, index) => (
        <li key={index} className="pl-1">
          {step}
        </li>
      ))}
    </ol>
  );
}
