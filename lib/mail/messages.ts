import type { MailPurpose } from './purposes';

export interface MailContent {
  subject: string;
  text: string;
}

/**
 * The set-password e-mail. It holds the person's name, the link and the clinic's wording only:
 * nothing about why they are a patient, who treats them or how they are doing, because e-mail
 * is read on shared screens and kept by providers outside the clinic.
 */
export function setPasswordMessage(input: {
  purpose: MailPurpose;
  recipientName: string;
  link: string;
  clinicName: string | null;
  /** The last day the link works, as people read it ("Mon 8 Dec 2026"). */
  expiresOn: string;
}): MailContent {
  const clinic = input.clinicName ?? 'your clinic';
  const sender = input.clinicName ?? 'Your clinic';
  const at = input.clinicName ? ` at ${input.clinicName}` : '';
  const expiry = `The link works once, until ${input.expiresOn}.`;
  if (input.purpose === 'invitation') {
    return {
      subject: `Your Adhere account${at}`,
      text: [
        `Hello ${input.recipientName},`,
        `${sender} has created an account for you on Adhere. To start, choose your password with this link:`,
        input.link,
        `${expiry} If it has expired, ask ${clinic} for a new one.`,
        'If you were not expecting this e-mail, you can ignore it: nothing happens until the link is used.',
        `— ${input.clinicName ?? 'Adhere'}`,
      ].join('\n\n'),
    };
  }
  return {
    subject: `A new link to set your Adhere password${at}`,
    text: [
      `Hello ${input.recipientName},`,
      `Here is a new link to set your password on Adhere${at}:`,
      input.link,
      `${expiry} Any earlier link no longer works.`,
      `If you did not ask for a new password, tell ${clinic}. Your current password keeps working until the link is used.`,
      `— ${input.clinicName ?? 'Adhere'}`,
    ].join('\n\n'),
  };
}

/**
 * A reminder e-mail: that it is time for the exercises and a link to Today, nothing more (no
 * exercise, condition or physio), for the reason given above.
 */
export function reminderMessage(input: {
  recipientName: string;
  clinicName: string | null;
  evening: boolean;
  /** Today's page (the patient signs in if they need to). */
  link: string;
}): MailContent {
  const at = input.clinicName ? ` from ${input.clinicName}` : '';
  return {
    subject: input.evening ? 'Still time for your exercises today' : 'Time for your exercises',
    text: [
      `Hello ${input.recipientName},`,
      input.evening
        ? 'Nothing is logged for today yet: there is still time, if you can.'
        : 'This is your reminder: it is time for your exercises.',
      input.link,
      `You chose to get this reminder${at}. To change or stop it, open Settings in Adhere.`,
      `— ${input.clinicName ?? 'Adhere'}`,
    ].join('\n\n'),
  };
}
