import type { PatientRecord } from '@/db/queries/patients';
import { ageOn, type IsoDate } from '@/lib/dates';
import { formatDate } from '@/lib/format';

export function PatientProfile({ patient, today }: { patient: PatientRecord; today: IsoDate }) {
  const facts: [string, string][] = [
    [
      'Age',
      patient.dateOfBirth
        ? `${ageOn(patient.dateOfBirth, today)} (born ${formatDate(patient.dateOfBirth)})`
        : 'Not recorded',
    ],
    ['Condition', patient.condition || 'Not recorded'],
    ['Goal', patient.goal || 'Not recorded'],
    [
      'Programme started',
      patient.firstRoutineStart ? formatDate(patient.firstRoutineStart) : 'No programme yet',
    ],
    ['Physiotherapist', patient.physioName],
    ['Email', patient.email],
    [
      'Account',
      !patient.active
        ? 'Deactivated by the clinic'
        : patient.hasPassword
          ? 'Password set'
          : 'Waiting for the patient to set a password',
    ],
  ];
  if (patient.dischargedOn) facts.push(['Discharged', formatDate(patient.dischargedOn)]);
  return (
    <dl className="border-line bg-surface grid gap-x-6 gap-y-2 rounded-lg border p-4 sm:grid-cols-[max-content_1fr]">
      {facts.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-muted font-medium">{term}</dt>
          <dd className="break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
