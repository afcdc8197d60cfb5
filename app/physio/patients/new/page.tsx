import type { Metadata } from 'next';
import { requireRole } from '@/app/(auth)/session';
import { AddPatientForm } from '@/components/patients/add-patient-form';
import { PageHeader } from '@/components/ui/page-header';
import { clinicToday } from '@/lib/clinic-today';

export const metadata: Metadata = { title: 'Add patient' };

export default async function AddPatientPage() {
  await requireRole('physio');
  return (
    <div className="max-w-xl">
      <PageHeader
        title="Add patient"
        description="The patient joins your caseload and gets a link to set their own password."
      />
      <AddPatientForm today={clinicToday()} />
    </div>
  );
}
