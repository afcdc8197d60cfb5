import Link from 'next/link';

export default function AccountNotFound() {
  return (
    <div className="border-line bg-surface rounded-lg border p-6">
      <h1 className="text-2xl font-semibold tracking-tight">Account not found</h1>
      <p className="text-muted mt-2">There is no account at this address.</p>
      <Link
        href="/admin"
        className="bg-brand mt-4 inline-block rounded px-4 py-2 font-semibold text-white"
      >
        Back to accounts
      </Link>
    </div>
  );
}
