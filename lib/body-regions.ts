/**
 * The body regions in the order people pick them: the values of the database's `body_region`
 * enum, which db/schema.ts builds from this list.
 */
export const BODY_REGIONS = ['lower_back', 'core', 'hips', 'legs', 'whole_body'] as const;

export type BodyRegion = (typeof BODY_REGIONS)[number];

/** What each region is called on screen (a Record, so a new enum value fails to compile here). */
export const BODY_REGION_LABELS: Record<BodyRegion, string> = {
  lower_back: 'Lower back',
  core: 'Core',
  hips: 'Hips & glutes',
  legs: 'Legs',
  whole_body: 'Whole body',
};

export function bodyRegionLabel(region: BodyRegion): string {
  return BODY_REGION_LABELS[region];
}
