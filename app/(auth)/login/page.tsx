import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { ForgetPersonalCaches } from '@/components/offline/forget-personal-caches';
import { landingPath } from '@/lib/role-home';
import { getCurrentUser } from '../session';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === 'string' ? params.callbackUrl : undefined;
  const user = await getCurrentUser();
  if (user) redirect(landingPath(user.role, callbackUrl));

  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-10">
      <ForgetPersonalCaches signedOut={Boolean(params.signedOut)} />
      <div className="w-full max-w-sm">
        <h1 className="text-brand-strong text-3xl font-semibold tracking-tight">Adhere</h1>
        <p className="text-muted mt-1 mb-6">Sign in to your home-exercise programme.</p>
        {params.signedOut ? (
          <p role="status" className="bg-brand-soft mb-4 rounded px-3 py-2">
            You have signed out.
          </p>
        ) : null}
        <div className="border-line bg-surface rounded-lg border p-5 shadow-sm">
          <LoginForm callbackUrl={callbackUrl} />
        </div>
        <p className="text-muted mt-4 text-sm">
          No password yet, or forgotten it? Ask your physiotherapist or the clinic for a new
          set-password link.
        </p>
      </div>
    </main>
  );
}
