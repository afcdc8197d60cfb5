import type { BodyRegion } from '@/db/schema';

/** The body regions in the order people pick them, the same values as the database enum. */
export const BODY_REGIONS = [
  'lower_back',
  'core',
  'hips',
  'legs',
  'whole_body',
] as const satisfies readonly BodyRegion[];

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
