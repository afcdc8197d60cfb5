import type { MailDelivery } from '@/db/queries/mail-deliveries';
import type { MailPurpose, MailStatus } from '@/db/schema';
import { formatAuditTime } from '@/lib/audit-filters';

const PURPOSE_LABEL: Record<MailPurpose, string> = {
  invitation: 'Invitation',
  password_link: 'New set-password link',
  reminder: 'Exercise reminder',
  evening_reminder: 'Evening exercise reminder',
};

const STATUS_LABEL: Record<MailStatus, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  retrying: 'Retrying',
  failed: 'Failed',
  cancelled: 'Not sent',
};

const STATUS_CLASS: Record<MailStatus, string> = {
  queued: 'border-line',
  sending: 'border-line',
  sent: 'border-brand text-brand-strong',
  retrying: 'border-warning bg-warning-soft',
  failed: 'border-danger bg-danger-soft text-danger',
  cancelled: 'border-line text-muted',
};

function Time({ at }: { at: Date }) {
  return <time dateTime={at.toISOString()}>{formatAuditTime(at)}</time>;
}

function LastError({ text }: { text: string | null }) {
  return text ? (
    <span className="text-muted mt-1 block break-words">Last error: {text}</span>
  ) : null;
}

function Outcome({ mail }: { mail: MailDelivery }) {
  switch (mail.status) {
    case 'sent':
      return mail.sentAt ? (
        <>
          Accepted by the mail server at <Time at={mail.sentAt} />.
        </>
      ) : null;
    case 'queued':
      return <>Waiting to be sent.</>;
    case 'sending':
      return <>Being sent now.</>;
    case 'retrying':
      return (
        <>
          Attempt {mail.attempts} failed; next try at <Time at={mail.nextAttemptAt} />.
          <LastError text={mail.lastError} />
        </>
      );
    case 'failed':
      return (
        <>
          Gave up after {mail.attempts} attempt{mail.attempts === 1 ? '' : 's'}. Issue a new link to
          e-mail it again, or hand it over yourself.
          <LastError text={mail.lastError} />
        </>
      );
    case 'cancelled':
      return <>{mail.lastError}</>;
  }
}

/** The account's set-password e-mails, newest first, with what became of each. */
export function MailDeliveryList({
  deliveries,
  mailConfigured,
}: {
  deliveries: MailDelivery[];
  mailConfigured: boolean;
}) {
  if (deliveries.length === 0) {
    return (
      <p className="text-muted">
        {mailConfigured
          ? 'No set-password e-mails have been sent to this account.'
          : 'E-mail is not configured (SMTP_URL), so set-password links are handed over by hand.'}
      </p>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-muted">
          <tr className="border-line border-b">
            <th scope="col" className="px-3 py-2 font-medium">
              Queued
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              E-mail
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Delivery
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((mail) => (
            <tr key={mail.id} className="border-line border-b align-top last:border-0">
              <td className="px-3 py-2 whitespace-nowrap tabular-nums">
                <Time at={mail.createdAt} />
              </td>
              <th scope="row" className="px-3 py-2 font-medium">
                {PURPOSE_LABEL[mail.purpose]}
                <span className="text-muted block text-xs font-normal break-all">
                  to {mail.toAddress}
                </span>
              </th>
              <td className="px-3 py-2">
                <span
                  className={`inline-block rounded border px-2 py-0.5 text-xs font-semibold ${STATUS_CLASS[mail.status]}`}
                >
                  {STATUS_LABEL[mail.status]}
                </span>
                <span className="mt-1 block">
                  <Outcome mail={mail} />
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
