import type { Metadata } from 'next';
import { SetPasswordForm } from '@/components/auth/set-password-form';
import { inspectSetPasswordLink } from '@/db/queries/set-password';
import { LINK_PROBLEM_MESSAGES } from '../messages';

export const metadata: Metadata = { title: 'Set your password', referrer: 'no-referrer' };

export default async function SetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link =
    token.length >= 20 && token.length <= 200 ? await inspectSetPasswordLink(token) : null;
  const state = link ?? { status: 'unknown' as const, askWho: null };

  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <h1 className="text-brand-strong text-3xl font-semibold tracking-tight">Adhere</h1>
        {state.status === 'valid' ? (
          <>
            <p className="text-muted mt-1 mb-6">
              Welcome, {state.name}. Choose a password for {state.email}.
            </p>
            <div className="border-line bg-surface rounded-lg border p-5 shadow-sm">
              <SetPasswordForm token={token} />
            </div>
          </>
        ) : (
          <div className="border-line bg-surface mt-6 rounded-lg border p-5" role="alert">
            <h2 className="text-lg font-semibold">This link cannot be used</h2>
            <p className="mt-1">{LINK_PROBLEM_MESSAGES[state.status]}</p>
            <p className="mt-2">
              Ask{' '}
              {state.askWho
                ? `your physiotherapist, ${state.askWho},`
                : 'your physiotherapist or the clinic'}{' '}
              for a new set-password link.
            </p>
          </div>
        )}
      </div>
    </main>
  );
}
