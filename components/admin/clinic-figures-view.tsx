import Link from 'next/link';
import type { ClinicFigures, FigureCounts } from '@/db/queries/clinic-figures';
import { formatPercent } from '@/lib/week-format';
import { FLAG_INFO } from '@/lib/metrics/flags';
import { formatDate } from '@/lib/format';
import { DataTable } from '@/components/ui/data-table';
import { Section } from '@/components/ui/section';

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

/** A row's figures after its name: patients, adherence, need attention, improving. */
function FigureCells({ counts }: { counts: FigureCounts }) {
  return (
    <>
      <td className="px-4 py-3 text-right tabular-nums">{counts.activePatients}</td>
      <td className="px-4 py-3 text-right tabular-nums">
        <Adherence counts={counts} />
      </td>
      <td className="px-4 py-3 text-right tabular-nums">{counts.flagged}</td>
      <td className="px-4 py-3 text-right tabular-nums">{counts.improving}</td>
    </>
  );
}

const COLUMNS = [
  { header: 'Physiotherapist', className: 'px-4 py-3 font-semibold' },
  { header: 'Current patients' },
  { header: 'Adherence, last 4 weeks' },
  { header: 'Need attention' },
  { header: 'Improving' },
];

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

      <Section id="by-physio" title="By physiotherapist">
        <DataTable
          caption="Current patients, adherence over the last 4 weeks, and patients needing attention or improving, for each physiotherapist and for the clinic"
          label="Figures by physiotherapist"
          columns={COLUMNS}
          headerClassName="px-4 py-3 text-right font-semibold"
          footer={
            <tfoot className="bg-canvas font-semibold">
              <tr>
                <th scope="row" className="px-4 py-3">
                  Clinic
                </th>
                <FigureCells counts={clinic} />
              </tr>
            </tfoot>
          }
        >
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
              <FigureCells counts={physio} />
            </tr>
          ))}
        </DataTable>
        <p className="text-muted mt-2 text-sm">
          Adherence is all sessions done over all sessions prescribed from {period}, counting each
          patient under their current physiotherapist (patients discharged in that time count up to
          their discharge). Attention and improving count current patients only.
        </p>
      </Section>
    </>
  );
}
