import { z } from 'zod';
import { TEXT_SIZES } from '@/lib/reading-preferences';

/**
 * The settings form: a text size from the three offered, and high contrast as a checkbox (a
 * checked box posts "on", an unchecked one posts nothing).
 */
export const readingPreferencesSchema = z.object({
  textSize: z.enum(TEXT_SIZES, 'Choose one of the three text sizes.'),
  highContrast: z
    .enum(['on', 'true', 'false'], 'Turn high contrast on or off.')
    .optional()
    .transform((v) => v === 'on' || v === 'true'),
});

export type ReadingPreferencesInput = z.infer<typeof readingPreferencesSchema>;
