import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FormField, FormMessage, SubmitButton } from '@/components/ui/form-field';

type FieldProps = Parameters<typeof FormField>[0];
type ButtonProps = Parameters<typeof SubmitButton>[0];
const input = (a11y: object) => createElement('input', a11y);
const field = (props: Omit<FieldProps, 'children'>) =>
  renderToStaticMarkup(createElement(FormField, { ...props, children: input } as FieldProps));

describe('FormField', () => {
  it('names the control, and describes it by its hint and its error', () => {
    const html = field({ id: 'f', label: 'Email', hint: 'Work address', error: 'Enter an email.' });
    expect(html).toContain('<label for="f" class="font-medium">Email</label>');
    expect(html).toContain('<p id="f-hint" class="text-muted text-sm">Work address</p>');
    expect(html).toContain('<input id="f" aria-invalid="true" aria-describedby="f-hint f-error"/>');
    expect(html).toContain('<p id="f-error" class="text-danger mt-1 text-sm">Enter an email.</p>');
    expect(field({ id: 'f', label: 'Email' })).toBe(
      '<div><label for="f" class="font-medium">Email</label><input id="f"/></div>',
    );
  });

  it('compact: a small label holding the hint, and words for screen readers only', () => {
    const html = field({
      id: 's',
      label: 'Sets',
      hint: 'optional',
      compact: true,
      labelSuffix: 'for Bridge',
    });
    expect(html).toMatch(
      /^<div><label for="s" class="text-sm font-medium">Sets<span class="sr-only"> [^<]*for Bridge<\/span><span id="s-hint" class="text-muted font-normal">/,
    );
    expect(html).toContain('aria-describedby="s-hint"');
  });
});

describe('FormMessage and SubmitButton', () => {
  it('shows a refusal as an alert, and nothing without one', () => {
    expect(renderToStaticMarkup(createElement(FormMessage, { message: 'Nope.' }))).toBe(
      '<p role="alert" class="border-danger bg-danger-soft text-danger rounded border px-3 py-2">Nope.</p>',
    );
    expect(renderToStaticMarkup(createElement(FormMessage, { message: undefined }))).toBe('');
    expect(renderToStaticMarkup(createElement(FormMessage, { message: null }))).toBe('');
  });

  it('is disabled and says what it is doing while the form is sent', () => {
    const button = (pending: boolean) =>
      renderToStaticMarkup(
        createElement(SubmitButton, {
          pending,
          pendingLabel: 'Saving…',
          children: 'Save',
        } as ButtonProps),
      );
    expect(button(false)).toMatch(/^<button type="submit" class="[^"]+">Save<\/button>$/);
    expect(button(true)).toMatch(
      /^<button type="submit" disabled="" class="[^"]+">Saving…<\/button>$/,
    );
  });
});
