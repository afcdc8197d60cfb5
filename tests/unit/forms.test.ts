import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHECK_FIELDS, errorsByPath, fieldError, outcomeToFormState } from '@/lib/forms';
import { invalid, notFound } from '@/lib/outcome';

describe('errorsByPath', () => {
  it('keys messages by their dotted path, and whole-form issues under _form', () => {
    const schema = z.object({
      items: z.array(z.object({ sets: z.number().min(1, 'At least 1 set.') })),
    });
    const parsed = schema.safeParse({ items: [{ sets: 0 }] });
    expect(parsed.success).toBe(false);
    expect(errorsByPath(parsed.error!)).toEqual({ 'items.0.sets': ['At least 1 set.'] });
    const whole = z.object({ a: z.string() }).refine(() => false, 'The form is wrong.');
    expect(errorsByPath(whole.safeParse({ a: 'x' }).error!)).toEqual({
      _form: ['The form is wrong.'],
    });
  });
});

describe('outcomeToFormState', () => {
  it('answers "not found" in the action’s words, marked as denied access', () => {
    expect(outcomeToFormState(notFound, 'That patient was not found.')).toEqual({
      status: 'error',
      message: 'That patient was not found.',
      denied: true,
    });
  });

  it('shows the data layer’s message, under its field when it names one', () => {
    expect(outcomeToFormState(invalid('Already in use.', 'email'), 'n/a')).toEqual({
      status: 'error',
      message: 'Already in use.',
      errors: { email: ['Already in use.'] },
    });
    expect(outcomeToFormState(invalid('Not now.'), 'n/a')).toEqual({
      status: 'error',
      message: 'Not now.',
    });
  });

  it('with highlight, points at the fields above the form and keeps the words under the field', () => {
    const state = outcomeToFormState(invalid('Too many.', 'items.0.sets'), 'n/a', {
      highlight: true,
    });
    expect(state.message).toBe(CHECK_FIELDS);
    expect(fieldError(state, 'items.0.sets')).toBe('Too many.');
    expect(outcomeToFormState(invalid('Not now.'), 'n/a', { highlight: true }).message).toBe(
      'Not now.',
    );
  });
});
