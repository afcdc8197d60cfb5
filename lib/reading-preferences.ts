/**
 * How the patient's pages are shown to one patient: a text size in three steps and a
 * high-contrast palette. Kept with the patient's profile, so the choice follows them to any
 * phone they sign in on. Free of validation code: the patient's layout ships this file.
 */

export const TEXT_SIZES = ['standard', 'large', 'largest'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

export interface ReadingPreferences {
  textSize: TextSize;
  highContrast: boolean;
}

export const DEFAULT_READING_PREFERENCES: ReadingPreferences = {
  textSize: 'standard',
  highContrast: false,
};

/** What the settings page calls each size, with the scale app/globals.css gives it. */
export const TEXT_SIZE_LABELS: Record<TextSize, string> = {
  standard: 'Standard',
  large: 'Large',
  largest: 'Largest',
};

/**
 * The attributes the patient's layout puts on its frame; app/globals.css scales the page's root
 * font size from them (every size and space on the page is in rem, so it all grows together) and
 * swaps the palette for the high-contrast one.
 */
export function readingAttributes(preferences: ReadingPreferences): {
  'data-text-size': TextSize;
  'data-contrast': 'high' | 'standard';
} {
  return {
    'data-text-size': preferences.textSize,
    'data-contrast': preferences.highContrast ? 'high' : 'standard',
  };
}
