const LINK =
  'border-brand text-brand-strong hover:bg-brand-soft inline-flex min-h-11 items-center rounded border px-4 py-2 font-semibold';

/**
 * "Download my data": the patient's own copy of their record. Plain links: the route handler
 * checks the session and answers with the file.
 */
export function DownloadMyData() {
  return (
    <section aria-labelledby="my-data-heading" className="mt-8">
      <h2 id="my-data-heading" className="mb-1 text-lg font-semibold">
        Download my data
      </h2>
      <p className="text-muted mb-3 text-sm">
        Your own copy of everything Adhere holds about you, to keep or to take to another clinic:
        your whole record in FHIR, the health-care standard format other systems can read; your
        weeks as a spreadsheet; and your progress report.
      </p>
      <ul className="flex flex-wrap gap-3">
        <li>
          <a href="/api/patient/my-data/record.fhir.json" download className={LINK}>
            My record (FHIR JSON)
          </a>
        </li>
        <li>
          <a href="/api/patient/my-data/weekly.csv" download className={LINK}>
            My weeks (CSV)
          </a>
        </li>
        <li>
          <a href="/api/patient/my-data/progress.pdf" download className={LINK}>
            My progress report (PDF)
          </a>
        </li>
      </ul>
    </section>
  );
}
