import { describe, expect, it } from 'vitest';
import { isCommonPassword, newPasswordSchema, setPasswordSchema } from '@/lib/validation/password';
import { addPatientSchema } from '@/lib/validation/patient';

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((i) => i.message) ?? [];

describe('new passwords', () => {
  it('needs 12 to 128 characters and nothing else', () => {
    expect(newPasswordSchema.safeParse('short one').success).toBe(false);
    expect(newPasswordSchema.safeParse('x'.repeat(129)).success).toBe(false);
    expect(newPasswordSchema.safeParse('all lower case words').success).toBe(true);
  });

  it('refuses passwords from the shipped list of common ones', () => {
    expect(isCommonPassword('1q2w3e4r5t6y')).toBe(true);
    expect(isCommonPassword('QWERTY123456')).toBe(true);
    expect(messages(newPasswordSchema.safeParse('qwerty123456'))).toContain(
      'This password is too common. Choose something less guessable.',
    );
  });

  it('asks for the same password twice', () => {
    const result = setPasswordSchema.safeParse({
      password: 'a kettle of fish',
      confirm: 'a kettle of fish!',
    });
    expect(result.error?.issues[0]).toMatchObject({
      path: ['confirm'],
      message: 'The two passwords are not the same.',
    });
  });
});

describe('the add-patient form', () => {
  const valid = {
    name: 'Ann',
    email: ' Ann@Example.ORG ',
    dateOfBirth: '',
    condition: '',
    goal: '',
  };

  it('normalises the email and treats an empty date of birth as none', () => {
    expect(addPatientSchema.parse(valid)).toMatchObject({
      email: 'ann@example.org',
      dateOfBirth: null,
    });
  });

  it('explains each problem in words', () => {
    expect(messages(addPatientSchema.safeParse({ ...valid, name: '  ' }))).toEqual([
      'Enter the patient’s name.',
    ]);
    expect(messages(addPatientSchema.safeParse({ ...valid, email: 'not an email' }))).toEqual([
      'Enter an email address like name@example.com.',
    ]);
    expect(messages(addPatientSchema.safeParse({ ...valid, dateOfBirth: '2999-01-01' }))).toEqual([
      'The date of birth cannot be in the future.',
    ]);
    expect(messages(addPatientSchema.safeParse({ ...valid, dateOfBirth: '1980-02-30' }))).toContain(
      'Enter the date of birth as a date, e.g. 1980-04-23.',
    );
    expect(messages(addPatientSchema.safeParse({ ...valid, goal: 'x'.repeat(501) }))).toEqual([
      'The goal can be at most 500 characters.',
    ]);
  });
});
