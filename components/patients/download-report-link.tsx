/**
 * Downloads the patient's progress report (a PDF for a referrer). A plain link: the route handler
 * checks the session and who may have the report, and answers with the file.
 */
export function DownloadReportLink({ patientId }: { patientId: string }) {
  return (
    <a
      href={`/api/reports/patients/${patientId}/progress.pdf`}
      download
      className="border-brand text-brand-strong hover:bg-brand-soft inline-flex min-h-11 items-center rounded border px-4 py-2 font-semibold"
    >
      Download progress report (PDF)
    </a>
  );
}
