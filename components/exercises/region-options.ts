import type { SelectOption } from '@/components/ui/form-field';
import { BODY_REGION_LABELS, BODY_REGIONS } from '@/lib/body-regions';

/** The body regions as a select's options, after an empty one that says what no choice means. */
export function regionOptions(none: string): SelectOption[] {
  return [
    { value: '', label: none },
    ...BODY_REGIONS.map((region) => ({ value: region, label: BODY_REGION_LABELS[region] })),
  ];
}
