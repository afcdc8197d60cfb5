import { z } from 'zod';

/** The admin account list's filters, as they appear in the URL (unknown values are dropped). */
export const accountFiltersSchema = z.object({
  search: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => v || undefined)
    .catch(undefined),
  role: z.enum(['admin', 'physio', 'patient']).optional().catch(undefined),
  status: z.enum(['active', 'deactivated']).optional().catch(undefined),
});

export type AccountFilters = Partial<z.infer<typeof accountFiltersSchema>>;
