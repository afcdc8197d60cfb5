import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { notFoundFor, requireRole } from '@/app/(auth)/session';
import { EndRoutineForm } from '@/components/routines/end-routine-form';
import { RoutineBuilder } from '@/components/routines/routine-builder';
import { BackLink } from '@/components/ui/back-link';
import { PageHeader } from '@/components/ui/page-header';
import { listExercises } from '@/db/queries/exercises';
import { getRoutineForEditing, resolveRoutineTemplate } from '@/db/queries/routines';
import { clinicToday } from '@/lib/clinic-today';
import { formatDate } from '@/lib/format';
import { newIdempotencyKey } from '@/lib/idempotency-key';
import { LUMBAR_EXTENSION_AND_BRIDGING } from '@/lib/routine-templates';

export const metadata: Metadata = { title: 'Routine builder' };

const patientIdSchema = z.uuid();

export default async function RoutineBuilderPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireRole('physio');
  const id = patientIdSchema.safeParse((await params).id);
  if (!id.success) return notFoundFor(actor);

  const today = clinicToday();
  const [editing, library, template] = await Promise.all([
    getRoutineForEditing(actor, id.data, today),
    listExercises(actor),
    resolveRoutineTemplate(actor, LUMBAR_EXTENSION_AND_BRIDGING),
  ]);
  if (!editing) return notFoundFor(actor, id.data);
  const { patient, routine, versions } = editing;
  const patientPath = `/physio/patients/${patient.id}`;

  const description = routine
    ? `Current routine: “${routine.title}”, since ${formatDate(routine.startDate)}${
        routine.endDate ? ` until ${formatDate(routine.endDate)}` : ''
      }. Saving starts a new version; earlier weeks keep their adherence.`
    : 'No current routine. Build one from the library or start from the template.';

  return (
    <>
      <BackLink href={patientPath}>{`Back to ${patient.name}`}</BackLink>
      <PageHeader title={`Routine for ${patient.name}`} description={description} />

      {patient.dischargedOn ? (
        <p className="border-line bg-surface rounded-lg border p-5">
          {patient.name} was discharged on {formatDate(patient.dischargedOn)}. Restore them to your
          caseload from{' '}
          <Link href={patientPath} className="text-brand-strong underline">
            their record
          </Link>{' '}
          before assigning a routine.
        </p>
      ) : (
        <>
          <RoutineBuilder
            patientId={patient.id}
            patientName={patient.name}
            today={today}
            versions={versions}
            current={routine}
            exercises={library}
            template={template}
            idempotencyKey={newIdempotencyKey()}
          />
          {routine ? (
            <section aria-labelledby="end-heading" className="mt-8 max-w-2xl">
              <h2 id="end-heading" className="sr-only">
                End the routine
              </h2>
              <EndRoutineForm patientId={patient.id} title={routine.title} today={today} />
            </section>
          ) : null}
        </>
      )}
    </>
  );
}
