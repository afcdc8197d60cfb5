import type { ItemDose } from '@/lib/routine-item';
import { EVERY_DAY, maskFromWeekdays } from '@/lib/weekdays';

/** One item of a starting template: a shipped exercise (by its stable libraryKey) and its dose. */
export interface RoutineTemplateItem extends ItemDose {
  libraryKey: string;
}

export interface RoutineTemplate {
  key: string;
  title: string;
  description: string;
  items: readonly RoutineTemplateItem[];
}

const MON_WED_FRI = maskFromWeekdays([1, 3, 5]);

/**
 * "Lumbar extension & bridging": the two exercises that started this project — the prone
 * press-up (extension, to ease the lower back) and the bridge with single-leg extension (to
 * strengthen the glutes and trunk) — with an extension to do on the feet during the day and a
 * trunk-control exercise on alternate days. A starting point: the physio adjusts every dose.
 */
export const LUMBAR_EXTENSION_AND_BRIDGING: RoutineTemplate = {
  key: 'lumbar-extension-bridging',
  title: 'Lumbar extension & bridging',
  description:
    'Prone press-up and bridge with single-leg extension every day, a standing back extension for breaks from sitting, and bird dog three days a week.',
  items: [
    {
      libraryKey: 'prone-press-up',
      sets: 1,
      reps: 10,
      holdSeconds: 2,
      daysMask: EVERY_DAY,
      timesPerDay: 2,
      note: 'Morning and evening. Go only as far as is comfortable, a little further each time.',
    },
    {
      libraryKey: 'bridge-single-leg-extension',
      sets: 2,
      reps: 6,
      holdSeconds: 3,
      daysMask: EVERY_DAY,
      timesPerDay: 1,
      note: 'Six on each side. Keep your hips level as you straighten the leg.',
    },
    {
      libraryKey: 'standing-back-extension',
      sets: 1,
      reps: 10,
      holdSeconds: 2,
      daysMask: EVERY_DAY,
      timesPerDay: 2,
      note: 'A good break after sitting for a long time.',
    },
    {
      libraryKey: 'bird-dog',
      sets: 2,
      reps: 8,
      holdSeconds: 5,
      daysMask: MON_WED_FRI,
      timesPerDay: 1,
      note: '',
    },
  ],
};

export const ROUTINE_TEMPLATES: readonly RoutineTemplate[] = [LUMBAR_EXTENSION_AND_BRIDGING];
