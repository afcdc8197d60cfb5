/** Why an e-mail goes out, as the database's `mail_purpose` enum spells it (db/schema.ts). */
export const MAIL_PURPOSES = [
  'invitation',
  'password_link',
  'reminder',
  'evening_reminder',
] as const;

/** The purposes that carry a set-password link (the others, reminders, carry none). */
export const LINK_PURPOSES = ['invitation', 'password_link'] as const;

export function carriesLink(purpose: MailPurpose): boolean {
  return (LINK_PURPOSES as readonly string[]).includes(purpose);
}

export type MailPurpose = (typeof MAIL_PURPOSES)[number];
