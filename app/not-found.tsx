import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <div className="max-w-md text-center">
        <h1 className="text-2xl font-semibold">Page not found</h1>
        <p className="text-muted mt-2">
          This page does not exist, or it is not available to your account.
        </p>
        <Link
          href="/"
          className="bg-brand mt-6 inline-block rounded px-4 py-2 font-semibold text-white"
        >
          Go to your home page
        </Link>
      </div>
    </main>
  );
}
