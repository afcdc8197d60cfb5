import type { MeasureSummary, OutcomeRecord } from '@/db/queries/outcome-measures';
import { formatShortDate } from '@/lib/week-format';
import { SCHEDULE_LABELS } from '@/lib/outcome-measures/schedules';
import { AssignMeasureForm, StopMeasureButton } from './assign-measure-form';
import {
  bandHalfWidth,
  formatDelta,
  formatScore,
  thresholdText,
  VERDICT_LABEL,
} from '@/lib/outcome-measures/labels';
import { ScoreChart } from './score-chart';

const VERDICT_CLASS = {
  improvement: 'bg-brand-soft text-brand-strong',
  worsening: 'bg-danger-soft text-danger',
  no_important_change: 'bg-canvas text-ink',
} as const;

function ChangeMark({ measure }: { measure: MeasureSummary }) {
  const change = measure.fromBaseline;
  const rule = measure.change;
  if (!rule) return null;
  if (!change || change.verdict === null) {
    return (
      <p className="text-muted text-sm">
        Change from baseline shows after the second time it is answered.
      </p>
    );
  }
  return (
    <div className="space-y-1">
      <p>
        Change from baseline:{' '}
        <span className="font-semibold tabular-nums">{formatDelta(change.delta)}</span>{' '}
        <span
          className={`rounded px-2 py-0.5 text-sm font-semibold ${VERDICT_CLASS[change.verdict]}`}
        >
          {VERDICT_LABEL[change.verdict]}
        </span>
      </p>
      <p className="text-muted text-sm">
        Clinically important: {thresholdText(rule)} (
        {rule.direction === 'higher_is_better' ? 'higher is better' : 'lower is better'}). Source:{' '}
        {rule.source}
      </p>
    </div>
  );
}

function RiskGroup({ measure }: { measure: MeasureSummary }) {
  const latest = measure.scores.at(-1);
  if (!latest?.band) return null;
  return (
    <div className="border-line rounded border p-3">
      <p>
        Current risk group: <strong>{latest.band.label}</strong>{' '}
        <span className="text-muted text-sm">({formatShortDate(latest.answeredOn)})</span>
      </p>
      {latest.band.meaning ? <p className="mt-1 text-sm">{latest.band.meaning}</p> : null}
    </div>
  );
}

function ScoreTable({ measure }: { measure: MeasureSummary }) {
  const subscaleIds = [...new Set(measure.scores.flatMap((s) => Object.keys(s.subscales)))];
  const hasBands = measure.scores.some((s) => s.band);
  const activities = measure.scores[0]?.activities;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="text-muted mb-1 text-left">
          {measure.name}: each time it was answered{' '}
          {activities && Object.keys(activities).length > 0
            ? `(activities rated: ${Object.values(activities).join('; ')})`
            : null}
        </caption>
        <thead>
          <tr className="border-line border-b">
            <th scope="col" className="py-1 pr-3">
              Date
            </th>
            <th scope="col" className="py-1 pr-3">
              Score
            </th>
            {subscaleIds.map((id) => (
              <th key={id} scope="col" className="py-1 pr-3">
                {id === 'psychosocial' ? 'Psychosocial subscale' : id}
              </th>
            ))}
            {hasBands ? (
              <th scope="col" className="py-1 pr-3">
                Group
              </th>
            ) : null}
            <th scope="col" className="py-1 pr-3">
              Version
            </th>
          </tr>
        </thead>
        <tbody>
          {measure.scores.map((s) => (
            <tr key={s.id} className="border-line border-b">
              <td className="py-1 pr-3">{formatShortDate(s.answeredOn)}</td>
              <td className="py-1 pr-3 tabular-nums">{formatScore(s.score)}</td>
              {subscaleIds.map((id) => (
                <td key={id} className="py-1 pr-3 tabular-nums">
                  {s.subscales[id] ?? '—'}
                </td>
              ))}
              {hasBands ? <td className="py-1 pr-3">{s.band?.label ?? '—'}</td> : null}
              <td className="py-1 pr-3 tabular-nums">{s.version}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Measure({ measure, today }: { measure: MeasureSummary; today: string }) {
  const baseline = measure.scores[0];
  const half = baseline && measure.change ? bandHalfWidth(measure.change, baseline.score) : null;
  const headingId = `measure-${measure.instrumentId}`;
  return (
    <article
      aria-labelledby={headingId}
      className="border-line bg-surface space-y-3 rounded-lg border p-4"
    >
      <h3 id={headingId} className="font-semibold">
        {measure.name}
      </h3>
      {measure.assignments.length > 0 ? (
        <ul className="space-y-1">
          {measure.assignments.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-2 text-sm">
              <span>
                {SCHEDULE_LABELS[a.schedule]} (from {formatShortDate(a.startsOn)})
              </span>
              <StopMeasureButton
                assignmentId={a.id}
                label={`${measure.name}, ${SCHEDULE_LABELS[a.schedule]}`}
              />
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-muted text-sm">No schedule: not asked again.</p>
      )}
      {measure.due ? (
        <p className="bg-warning-soft text-warning rounded px-3 py-1 text-sm font-medium">
          Due since {formatShortDate(measure.due.dueSince)}
          {measure.due.dueSince === today ? ' (today)' : ''}: waiting for the patient’s answers.
        </p>
      ) : null}
      {measure.scores.length === 0 ? (
        <p className="text-muted text-sm">Not answered yet.</p>
      ) : (
        <>
          <RiskGroup measure={measure} />
          <ChangeMark measure={measure} />
          <ScoreChart
            name={measure.name}
            points={measure.scores.map((s) => ({ answeredOn: s.answeredOn, score: s.score }))}
            range={measure.range}
            band={
              baseline && half !== null
                ? { from: baseline.score - half, to: baseline.score + half }
                : null
            }
          />
          <ScoreTable measure={measure} />
        </>
      )}
      <p className="text-muted text-xs">{measure.copyright}</p>
    </article>
  );
}

/** The patient record's outcome measures: assign, what is due, and the scores so far. */
export function OutcomeRecordSection({
  record,
  patientId,
  discharged,
  today,
}: {
  record: OutcomeRecord;
  patientId: string;
  discharged: boolean;
  today: string;
}) {
  return (
    <div className="space-y-4">
      <AssignMeasureForm
        patientId={patientId}
        instruments={record.available}
        discharged={discharged}
      />
      {record.measures.length === 0 ? (
        <p className="text-muted">No questionnaires assigned yet.</p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {record.measures.map((m) => (
            <Measure key={m.instrumentId} measure={m} today={today} />
          ))}
        </div>
      )}
      <p className="text-muted text-sm">
        The shaded band on a chart is less than a clinically important change from the first score
        (the baseline). Scores are kept with the questionnaire version they were answered on.
      </p>
    </div>
  );
}
