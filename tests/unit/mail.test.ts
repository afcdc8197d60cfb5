import { describe, expect, it } from 'vitest';
import { describeDeliveryFailure, MAIL_MAX_ATTEMPTS, retryDelaySeconds } from '@/lib/mail/delivery';
import { setPasswordMessage } from '@/lib/mail/messages';
import { openSealedToken, outboxBinding, sealToken } from '@/lib/mail/sealed-token';
import { clinicNameFrom, smtpCredentials } from '@/lib/mail/settings';

const secret = 'outbox-test-secret-0123456789abcdef';

describe('the set-password e-mail', () => {
  const base = {
    recipientName: 'Sam Carter',
    link: 'https://adhere.riverside.example/set-password/abc',
    clinicName: 'Riverside Physiotherapy',
    expiresOn: 'Mon 8 Dec 2026',
  };

  it('invites a new account holder by name, with the link and its expiry', () => {
    const mail = setPasswordMessage({ ...base, purpose: 'invitation' });
    expect(mail.subject).toBe('Your Adhere account at Riverside Physiotherapy');
    expect(mail.text).toContain('Hello Sam Carter,');
    expect(mail.text).toContain('Riverside Physiotherapy has created an account for you');
    expect(mail.text).toContain(`\n\n${base.link}\n\n`);
    expect(mail.text).toContain('The link works once, until Mon 8 Dec 2026.');
  });

  it('tells someone with a password that earlier links stop working', () => {
    const mail = setPasswordMessage({ ...base, purpose: 'password_link' });
    expect(mail.subject).toBe('A new link to set your Adhere password at Riverside Physiotherapy');
    expect(mail.text).toContain('Any earlier link no longer works.');
    expect(mail.text).toContain('Your current password keeps working until the link is used.');
  });

  it('reads well without a clinic name', () => {
    const mail = setPasswordMessage({ ...base, clinicName: null, purpose: 'invitation' });
    expect(mail.subject).toBe('Your Adhere account');
    expect(mail.text).toContain('Your clinic has created an account for you');
    expect(mail.text).toContain('ask your clinic for a new one');
  });

  it('says nothing about care: not the role, a condition, a physiotherapist or pain', () => {
    for (const purpose of ['invitation', 'password_link'] as const) {
      const { subject, text } = setPasswordMessage({ ...base, purpose });
      expect(`${subject}\n${text}`).not.toMatch(
        /patient|physio(?!therapy)|pain|exercise|condition|routine/i,
      );
    }
  });
});

describe('MAIL_FROM', () => {
  it('gives the clinic name from its display name', () => {
    expect(clinicNameFrom('Riverside Physiotherapy <adhere@riverside.example>')).toBe(
      'Riverside Physiotherapy',
    );
    expect(clinicNameFrom('"Riverside, Physio" <adhere@riverside.example>')).toBe(
      'Riverside, Physio',
    );
    expect(clinicNameFrom('adhere@riverside.example')).toBeNull();
    expect(clinicNameFrom('<adhere@riverside.example>')).toBeNull();
  });
});

describe('retries', () => {
  it('back off exponentially from 30 seconds up to an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => retryDelaySeconds(n))).toEqual([
      30, 60, 120, 240, 480, 960, 1920, 3600, 3600,
    ]);
    expect(retryDelaySeconds(500)).toBe(3600);
  });

  it('stop after a bounded number of attempts, a few hours in all', () => {
    let total = 0;
    for (let attempt = 1; attempt < MAIL_MAX_ATTEMPTS; attempt += 1) {
      total += retryDelaySeconds(attempt);
    }
    expect(total).toBeGreaterThan(2 * 3600);
    expect(total).toBeLessThan(6 * 3600);
  });
});

describe('a delivery failure as it is kept', () => {
  it('has the error kind and the server reply, without credentials or the link', () => {
    const error = Object.assign(
      new Error(
        'Invalid login: 535 5.7.8 user adhere-mailer pass s3cr3t!pw rejected for https://adhere.example/set-password/TOKEN123 via smtp://adhere-mailer:s3cr3t!pw@mail.example',
      ),
      { code: 'EAUTH', responseCode: 535 },
    );
    const failure = describeDeliveryFailure(error, ['adhere-mailer', 's3cr3t!pw', 'TOKEN123']);
    expect(failure.message).toMatch(/^EAUTH: Invalid login: 535 5\.7\.8/);
    expect(failure.message).not.toMatch(/s3cr3t|adhere-mailer|TOKEN123/);
    expect(failure.message).toContain('/set-password/[redacted]');
    expect(failure.permanent).toBe(false);
  });

  it('is permanent only when the server refuses the recipient for good', () => {
    const refused = Object.assign(new Error('Recipient command failed: 550 5.1.1 No such user'), {
      code: 'EENVELOPE',
      responseCode: 550,
    });
    expect(describeDeliveryFailure(refused, []).permanent).toBe(true);
    const busy = Object.assign(new Error('Recipient command failed: 451 Try again later'), {
      code: 'EENVELOPE',
      responseCode: 451,
    });
    expect(describeDeliveryFailure(busy, []).permanent).toBe(false);
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), {
      code: 'ESOCKET',
    });
    expect(describeDeliveryFailure(down, [])).toEqual({
      message: 'ESOCKET: connect ECONNREFUSED 127.0.0.1:25',
      permanent: false,
    });
  });

  it('is short enough to show on a page', () => {
    const failure = describeDeliveryFailure(new Error('x'.repeat(2000)), []);
    expect(failure.message.length).toBeLessThanOrEqual(300);
  });
});

describe('SMTP credentials', () => {
  it('are the user and password of SMTP_URL, as written and decoded', () => {
    expect(smtpCredentials('smtp://mailer:p%40ss%3Aword@mail.example:587')).toEqual([
      'mailer',
      'p%40ss%3Aword',
      'p@ss:word',
    ]);
    expect(smtpCredentials('smtp://mail.example:25')).toEqual([]);
  });
});

describe('a link waiting in the outbox', () => {
  const binding = outboxBinding('4f1c6a1e-0000-4000-8000-000000000001', 'sam@example.org');

  it('is stored encrypted and opens with the same secret and row', () => {
    const sealed = sealToken('the-token', secret, binding);
    expect(sealed).not.toContain('the-token');
    expect(sealed).not.toBe(sealToken('the-token', secret, binding));
    expect(openSealedToken(sealed, secret, binding)).toBe('the-token');
  });

  it('is useless with another secret, in another row or for another address', () => {
    const sealed = sealToken('the-token', secret, binding);
    expect(openSealedToken(sealed, `${secret}-rotated`, binding)).toBeNull();
    expect(
      openSealedToken(
        sealed,
        secret,
        outboxBinding('4f1c6a1e-0000-4000-8000-000000000002', 'sam@example.org'),
      ),
    ).toBeNull();
    expect(
      openSealedToken(
        sealed,
        secret,
        outboxBinding('4f1c6a1e-0000-4000-8000-000000000001', 'eve@example.org'),
      ),
    ).toBeNull();
    expect(openSealedToken('v1.garbage', secret, binding)).toBeNull();
    expect(openSealedToken(`${sealed.slice(0, -4)}AAAA`, secret, binding)).toBeNull();
  });
});
