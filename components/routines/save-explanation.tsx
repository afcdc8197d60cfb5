/** What saving will do to the programme in force, in words (lib/routine-versions.ts). */
export function SaveExplanation({ refused, text }: { refused: boolean; text: string }) {
  return (
    <p
      id="save-explanation"
      aria-live="polite"
      className={refused ? 'text-danger text-sm font-medium' : 'text-muted text-sm'}
    >
      {text}
    </p>
  );
}
