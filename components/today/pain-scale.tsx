import { PAIN_ANCHORS } from '@/lib/pain-scale';

/** The 0–10 Numeric Pain Rating Scale as eleven large choices with the scale's words. */
export function PainScale({
  value,
  onChange,
  error,
}: {
  value: number | null;
  onChange: (score: number) => void;
  error?: string;
}) {
  return (
    <fieldset aria-describedby={error ? 'pain-error' : 'pain-help'}>
      <legend className="text-lg font-semibold">Your back pain</legend>
      <p id="pain-help" className="text-muted mb-3">
        Your average low back pain over the last 24 hours, from 0 (no pain) to 10 (worst pain
        imaginable).
      </p>
      <div className="grid grid-cols-6 gap-2 sm:grid-cols-11">
        {Array.from({ length: 11 }, (_, score) => (
          <label
            key={score}
            className="border-line bg-surface has-[:checked]:border-brand has-[:checked]:bg-brand has-[:focus-visible]:outline-focus relative flex min-h-12 cursor-pointer flex-col items-center justify-center rounded-lg border-2 text-lg font-semibold has-[:checked]:text-white has-[:focus-visible]:outline-3"
          >
            <input
              type="radio"
              name="pain-choice"
              value={score}
              checked={value === score}
              onChange={() => onChange(score)}
              className="sr-only"
            />
            {score}
            {PAIN_ANCHORS[score] ? <span className="sr-only"> – {PAIN_ANCHORS[score]}</span> : null}
          </label>
        ))}
      </div>
      <div className="text-muted mt-1 flex justify-between text-sm" aria-hidden="true">
        <span>0 = no pain</span>
        <span>10 = worst pain imaginable</span>
      </div>
      {error ? (
        <p id="pain-error" className="text-danger mt-1 text-sm">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
