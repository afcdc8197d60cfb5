import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DataTable } from '@/components/ui/data-table';
import {
  filterControlClass,
  FormField,
  FormMessage,
  InputField,
  inputClass,
  SearchField,
  SelectField,
  stateField,
  SubmitButton,
} from '@/components/ui/form-field';

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

describe('InputField, SelectField and SearchField', () => {
  const html = (type: unknown, props: object) =>
    renderToStaticMarkup(createElement(type as never, props as never));

  it('places the field and hands the rest to the control', () => {
    const email = html(InputField, {
      id: 'e',
      label: 'Email',
      name: 'email',
      type: 'email',
      className: 'w',
    });
    expect(email).toMatch(
      /^<div class="w"><label for="e" class="font-medium">Email<\/label><input [^>]*\/><\/div>$/,
    );
    for (const attribute of ['id="e"', 'name="email"', 'type="email"', `class="${inputClass}"`]) {
      expect(email).toContain(attribute);
    }
    const invalid = html(InputField, {
      id: 't',
      label: 'Title',
      error: 'Enter a title.',
      markInvalid: true,
    });
    expect(invalid).toContain(
      '<input id="t" aria-invalid="true" aria-describedby="t-error" data-invalid="true"',
    );
    expect(html(InputField, { id: 't', label: 'Title', markInvalid: true })).not.toContain(
      'data-invalid',
    );
  });

  it('lists the options in their order, the chosen one selected', () => {
    const select = html(SelectField, {
      id: 'r',
      label: 'Role',
      defaultValue: 'b',
      options: [
        { value: '', label: 'Any' },
        { value: 'b', label: 'Bee' },
      ],
    });
    expect(select).toContain(
      '<option value="">Any</option><option value="b" selected="">Bee</option>',
    );
  });

  it('a search box: small label, type search, the filter control', () => {
    const search = html(SearchField, { id: 's', label: 'Search', name: 'q' });
    expect(search).toMatch(
      /^<div><label for="s" class="text-sm font-medium">Search<\/label><input [^>]*\/><\/div>$/,
    );
    for (const attribute of ['name="q"', 'type="search"', `class="${filterControlClass}"`]) {
      expect(search).toContain(attribute);
    }
  });

  it('stateField: the id, name, first error and value sent before', () => {
    const state = {
      status: 'error' as const,
      errors: { name: ['Enter a name.'] },
      values: { name: 'Al' },
    };
    expect(stateField(state, 'name')).toEqual({
      id: 'name',
      name: 'name',
      error: 'Enter a name.',
      defaultValue: 'Al',
    });
  });

  it('FormMessage: a refused state’s message; nothing for a success', () => {
    const message = (props: object) => renderToStaticMarkup(createElement(FormMessage, props));
    expect(message({ state: { status: 'error', message: 'No.' }, look: 'small' })).toBe(
      '<p role="alert" class="text-danger text-sm">No.</p>',
    );
    expect(message({ state: { status: 'success', message: 'Done.' } })).toBe('');
  });
});

describe('DataTable', () => {
  const table = (label?: string) =>
    renderToStaticMarkup(
      createElement(
        DataTable,
        {
          caption: 'People',
          label,
          columns: [{ header: 'Name' }, { header: 'Age', className: 'right' }],
          headerClassName: 'left',
        } as never,
        createElement('tr'),
      ),
    );

  it('a named, focusable region only with a label', () => {
    expect(table('People')).toMatch(/^<div role="region" aria-label="People" tabindex="0" class="/);
    expect(table()).toMatch(/^<div class="[^"]+"><table/);
    expect(table()).toContain(
      '<caption class="sr-only">People</caption><thead class="border-line bg-canvas border-b"><tr><th scope="col" class="left">Name</th><th scope="col" class="right">Age</th></tr></thead><tbody><tr></tr></tbody>',
    );
  });
});
