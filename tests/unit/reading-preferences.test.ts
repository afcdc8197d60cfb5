import { describe, expect, it } from 'vitest';
import { DEFAULT_READING_PREFERENCES, readingAttributes } from '@/lib/reading-preferences';
import { readingPreferencesSchema } from '@/lib/validation/reading-preferences';

describe('the reading settings form', () => {
  it('takes the three sizes, and high contrast as a checkbox posts it', () => {
    expect(readingPreferencesSchema.parse({ textSize: 'largest', highContrast: 'on' })).toEqual({
      textSize: 'largest',
      highContrast: true,
    });
    // An unchecked box sends nothing.
    expect(readingPreferencesSchema.parse({ textSize: 'large' })).toEqual({
      textSize: 'large',
      highContrast: false,
    });
  });

  it('refuses anything else with a message for the field', () => {
    const huge = readingPreferencesSchema.safeParse({ textSize: 'huge' });
    expect(huge.success).toBe(false);
    expect(huge.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['textSize', 'Choose one of the three text sizes.'],
    ]);
    const contrast = readingPreferencesSchema.safeParse({
      textSize: 'standard',
      highContrast: 'x',
    });
    expect(contrast.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['highContrast', 'Turn high contrast on or off.'],
    ]);
  });

  it('gives the layout the attributes the stylesheet reads', () => {
    expect(readingAttributes(DEFAULT_READING_PREFERENCES)).toEqual({
      'data-text-size': 'standard',
      'data-contrast': 'standard',
    });
    expect(readingAttributes({ textSize: 'largest', highContrast: true })).toEqual({
      'data-text-size': 'largest',
      'data-contrast': 'high',
    });
  });
});
