import Link from 'next/link';

export default function PatientNotFound() {
  return (
    <div className="border-line bg-surface rounded-lg border p-6">
      <h1 className="text-2xl font-semibold tracking-tight">Patient not found</h1>
      <p className="text-muted mt-2">This patient does not exist or is not on your caseload.</p>
      <Link
        href="/physio"
        className="bg-brand mt-4 inline-block rounded px-4 py-2 font-semibold text-white"
      >
        Back to your patients
      </Link>
    </div>
  );
}
