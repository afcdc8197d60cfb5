'use client';

import { useState, type ReactNode } from 'react';
import type { FormState } from '@/lib/forms';

/**
 * A one-time link with a copy button; the link is shown once and never stored in clear. With
 * e-mail configured it is also on its way to the account holder, and the screen says so.
 */
export function CopyLink({
  link,
  label,
  emailedTo,
}: {
  link: string;
  label: string;
  emailedTo?: string;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="mt-2">
      <label className="text-sm font-medium" htmlFor="one-time-link">
        {label}
      </label>
      <div className="mt-1 flex flex-wrap gap-2">
        <input
          id="one-time-link"
          readOnly
          value={link}
          onFocus={(e) => e.currentTarget.select()}
          className="border-line bg-surface min-h-11 min-w-0 flex-1 rounded border px-3 py-2 font-mono text-sm"
        />
        <button
          type="button"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(link);
              setCopied(true);
            } catch {
              setCopied(false);
            }
          }}
          className="border-brand text-brand-strong hover:bg-brand-soft min-h-11 rounded border px-4 py-2 font-semibold"
        >
          {copied ? 'Copied' : 'Copy link'}
        </button>
      </div>
      {emailedTo ? (
        <p className="mt-2">
          It is also being e-mailed to <strong className="break-all">{emailedTo}</strong>.
        </p>
      ) : null}
      <p className="text-muted mt-1 text-sm" aria-live="polite">
        {copied ? 'The link is on your clipboard. ' : ''}It works once, for 7 days. Only its
        fingerprint is stored, so copy it now: it cannot be shown again.
      </p>
    </div>
  );
}

/** The one-time set-password link of a result's `data`, to copy. */
function SetPasswordLink({ link, emailedTo }: { link: string; emailedTo?: string }) {
  return <CopyLink link={link} label="Set-password link" emailedTo={emailedTo} />;
}

/**
 * The screen after an account is made (`state` of a success with a link): whom to give the
 * one-time link to, and where to go next (`children`, the links).
 */
export function AccountCreated({ state, children }: { state: FormState; children: ReactNode }) {
  const { name, link = '', emailedTo } = state.data ?? {};
  return (
    <div className="border-brand bg-brand-soft rounded-lg border p-5" role="status">
      <h2 className="text-lg font-semibold">{state.message}</h2>
      <p className="mt-1">Give {name} this link so they can choose a password and sign in.</p>
      <SetPasswordLink link={link} emailedTo={emailedTo} />
      <div className="mt-4 flex flex-wrap gap-3">{children}</div>
    </div>
  );
}

/** A new set-password link issued for an existing account, once the action has made it. */
export function NewLinkNotice({ state }: { state: FormState }) {
  if (state.status !== 'success' || !state.data?.link) return null;
  return (
    <div role="status" className="border-brand bg-brand-soft rounded border p-3">
      <p className="font-medium">{state.message}</p>
      <SetPasswordLink link={state.data.link} emailedTo={state.data.emailedTo} />
    </div>
  );
}
