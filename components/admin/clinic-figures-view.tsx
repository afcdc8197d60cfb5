import Link from 'next/link';
import type { ClinicFigures, FigureCounts } from '@/db/queries/clinic-figures';
import { formatPercent } from '@/lib/week-format';
import { FLAG_INFO } from '@/lib/metrics/flags';
import { formatDate } from '@/lib/format';

function Adherence({ counts }: { counts: FigureCounts }) {
  if (counts.adherencePct === null) return <span className="text-muted">no sessions</span>;
  return (
    <>
      {formatPercent(counts.adherencePct)}
      <span className="text-muted block text-xs">
        {counts.completed} of {counts.prescribed} sessions
      </span>
    </>
  );
}

function attentionBreakdown(counts: FigureCounts): string {
  return [
    `${FLAG_INFO.pain_rising.label}: ${counts.byFlag.pain_rising}`,
    `${FLAG_INFO.low_adherence.label}: ${counts.byFlag.low_adherence}`,
    `${FLAG_INFO.inactive.label}: ${counts.byFlag.inactive}`,
  ].join(' · ');
}

function Card({ term, value, note }: { term: string; value: React.ReactNode; note: string }) {
  return (
    <div className="border-line bg-surface rounded-lg border p-4">
      <dt className="text-muted text-sm font-medium">{term}</dt>
      <dd className="mt-1 text-3xl font-semibold tabular-nums">{value}</dd>
      <dd className="text-muted mt-1 text-sm">{note}</dd>
    </div>
  );
}

/** The clinic's headline figures and the same figures for each physiotherapist. */
export function ClinicFiguresView({ figures }: { figures: ClinicFigures }) {
  const { clinic } = figures;
  const period = `${formatDate(figures.windowStart)} to ${formatDate(figures.today)}`;
  return (
    <>
      <dl className="mb-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Card
          term="Current patients"
          value={clinic.activePatients}
          note="Not discharged, across all physiotherapists."
        />
        <Card
          term="Adherence, last 4 weeks"
          value={clinic.adherencePct === null ? '—' : formatPercent(clinic.adherencePct)}
          note={`${clinic.completed} of ${clinic.prescribed} prescribed sessions done, ${period}.`}
        />
        <Card term="Need attention" value={clinic.flagged} note={attentionBreakdown(clinic)} />
        <Card term="Improving" value={clinic.improving} note="Pain well below their baseline." />
      </dl>

      <section aria-labelledby="by-physio" className="mb-8">
        <h2 id="by-physio" className="mb-3 text-lg font-semibold">
          By physiotherapist
        </h2>
        <div
          role="region"
          aria-label="Figures by physiotherapist"
          tabIndex={0}
          className="border-line bg-surface overflow-x-auto rounded-lg border"
        >
          <table className="w-full text-left text-sm">
            <caption className="sr-only">
              Current patients, adherence over the last 4 weeks, and patients needing attention or
              improving, for each physiotherapist and for the clinic
            </caption>
            <thead className="border-line bg-canvas border-b">
              <tr>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Physiotherapist
                </th>
                <th scope="col" className="px-4 py-3 text-right font-semibold">
                  Current patients
                </th>
                <th scope="col" className="px-4 py-3 text-right font-semibold">
                  Adherence, last 4 weeks
                </th>
                <th scope="col" className="px-4 py-3 text-right font-semibold">
                  Need attention
                </th>
                <th scope="col" className="px-4 py-3 text-right font-semibold">
                  Improving
                </th>
              </tr>
            </thead>
            <tbody>
              {figures.physios.map((physio) => (
                <tr key={physio.physioId} className="border-line border-b">
                  <th scope="row" className="px-4 py-3 font-medium">
                    <Link
                      href={`/admin?physio=${physio.physioId}`}
                      className="text-brand-strong underline-offset-2 hover:underline"
                    >
                      {physio.name}
                    </Link>
                    {physio.active ? null : (
                      <span className="text-muted block text-xs font-normal">Deactivated</span>
                    )}
                  </th>
                  <td className="px-4 py-3 text-right tabular-nums">{physio.activePatients}</td>
                  <td className="px-4 py-3 text-right tabular-nums">
                    <Adherence counts={physio} />
                  </td>
                  <td className="px-4 py-3 text-right tabular-nums">{physio.flagged}</td>
                  <td className="px-4 py-3 text-right tabular-nums">{physio.improving}</td>
                </tr>
              ))}
            </tbody>
            <tfoot className="bg-canvas font-semibold">
              <tr>
                <th scope="row" className="px-4 py-3">
                  Clinic
                </th>
                <td className="px-4 py-3 text-right tabular-nums">{clinic.activePatients}</td>
                <td className="px-4 py-3 text-right tabular-nums">
                  <Adherence counts={clinic} />
                </td>
                <td className="px-4 py-3 text-right tabular-nums">{clinic.flagged}</td>
                <td className="px-4 py-3 text-right tabular-nums">{clinic.improving}</td>
              </tr>
            </tfoot>
          </table>
        </div>
        <p className="text-muted mt-2 text-sm">
          Adherence is all sessions done over all sessions prescribed from {period}, counting each
          patient under their current physiotherapist (patients discharged in that time count up to
          their discharge). Attention and improving count current patients only.
        </p>
      </section>
    </>
  );
}
