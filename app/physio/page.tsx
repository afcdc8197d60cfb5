import type { Metadata } from 'next';
import { requireRole } from '@/app/(auth)/session';
import { listOwnPatients } from '@/db/queries/caseload';
import { PageHeader } from '@/components/ui/page-header';
import { clinicToday } from '@/lib/clinic-today';
import { formatDate } from '@/lib/format';

export const metadata: Metadata = { title: 'Caseload' };

export default async function PhysioHome() {
  const actor = await requireRole('physio');
  const patients = await listOwnPatients(actor, clinicToday());
  const current = patients.filter((p) => !p.dischargedOn);

  return (
    <>
      <PageHeader
        title="Your patients"
        description={`${current.length} patient${current.length === 1 ? '' : 's'} on your caseload.`}
      />
      {patients.length === 0 ? (
        <p className="border-line bg-surface rounded-lg border p-6">
          You have no patients yet. When the clinic assigns a patient to you, they appear here.
        </p>
      ) : (
        <div className="border-line bg-surface overflow-x-auto rounded-lg border">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Your patients</caption>
            <thead className="border-line bg-canvas border-b">
              <tr>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Name
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Condition
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Programme
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Status
                </th>
              </tr>
            </thead>
            <tbody>
              {patients.map((patient) => (
                <tr key={patient.id} className="border-line border-b last:border-0">
                  <th scope="row" className="px-4 py-3 font-medium">
                    {patient.name}
                    <span className="text-muted block text-xs font-normal">{patient.email}</span>
                  </th>
                  <td className="px-4 py-3">{patient.condition || '—'}</td>
                  <td className="px-4 py-3">
                    {patient.routineTitle ? (
                      <>
                        {patient.routineTitle}
                        <span className="text-muted block text-xs">
                          since {formatDate(patient.routineStart ?? '')}
                        </span>
                      </>
                    ) : (
                      <span className="text-muted">No active programme</span>
                    )}
                  </td>
                  <td className="px-4 py-3">
                    {patient.dischargedOn
                      ? `Discharged ${formatDate(patient.dischargedOn)}`
                      : 'Active'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
