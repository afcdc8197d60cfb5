/**
 * The 0–10 Numeric Pain Rating Scale as the patient sees it. Kept free of validation code so the
 * patient's page ships none of it.
 */
export const PAIN_NOTE_MAX = 1000;

export const PAIN_ANCHORS: Record<number, string> = {
  0: 'No pain',
  5: 'Moderate pain',
  10: 'Worst pain imaginable',
};
