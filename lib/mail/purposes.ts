/** Why an e-mail goes out, as the database's `mail_purpose` enum spells it (db/schema.ts). */
export const MAIL_PURPOSES = ['invitation', 'password_link', 'reminder'] as const;

export type MailPurpose = (typeof MAIL_PURPOSES)[number];
