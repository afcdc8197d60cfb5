import { z } from 'zod';
import { MAX_DEFINITION_BYTES } from '@/lib/outcome-measures/import';

/**
 * The admin's upload form: the text of a definition file, read in the browser from the chosen
 * file (or pasted). Only its presence and size are checked here; what is in it is checked, field by
 * field, by lib/outcome-measures/import.ts in the data layer.
 */
export const uploadDefinitionSchema = z.object({
  definition: z
    .string({ error: 'Choose a definition file (JSON).' })
    .refine((text) => text.trim() !== '', 'Choose a definition file (JSON).')
    .refine(
      (text) => text.length <= MAX_DEFINITION_BYTES,
      `The file is larger than ${MAX_DEFINITION_BYTES / 1024} KB.`,
    ),
});
