import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FlagBadge } from '@/components/caseload/flag-badge';
import { FLAG_INFO } from '@/lib/metrics/flags';
import type { FlagId } from '@/lib/metrics/types';

const css = readFileSync('app/globals.css', 'utf8');
const flags = Object.keys(FLAG_INFO) as FlagId[];

/** The --tip of a flag's class in the stylesheet, or undefined. */
function tipOf(flag: FlagId): string | undefined {
  const rule = css.match(new RegExp(`\\.flag-${flag} \\{([^}]*)\\}`))?.[1];
  return rule?.match(/--tip: '([^']*)';/)?.[1];
}

describe('caseload flag tooltips', () => {
  it.each(flags)('the stylesheet holds the rule of %s, word for word', (flag) => {
    expect(tipOf(flag)).toBe(FLAG_INFO[flag].explanation);
  });

  it('shows the class’s --tip on hover and focus', () => {
    expect(css).toMatch(/\.flag:is\(:hover, :focus-visible\)::after \{\s*content: var\(--tip\);/);
  });

  it('does not repeat the rule in every badge (50 rows of them on a caseload page)', () => {
    const html = renderToStaticMarkup(createElement(FlagBadge, { flag: 'improving' }));
    expect(html).toBe(
      '<span tabindex="0" class="flag flag-improving" aria-describedby="flag-help-improving">Improving</span>',
    );
    expect(html).not.toContain(FLAG_INFO.improving.explanation);
  });
});
