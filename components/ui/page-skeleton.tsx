/** What a role's home page shows while its data loads (each segment's loading.tsx). */
export function PageSkeleton() {
  return (
    <div aria-busy="true" aria-live="polite" className="animate-pulse space-y-3">
      <span className="sr-only">Loading…</span>
      <div className="bg-line h-8 w-1/3 rounded" />
      <div className="bg-line h-24 rounded" />
    </div>
  );
}
