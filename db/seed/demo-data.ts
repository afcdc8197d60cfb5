/**
 * The demo clinic's invented people, conditions, goals, exercise pools and notes: the data lists
 * that db/seed/demo-clinic.ts draws from (as exercise-library.ts is the library's data).
 */

export const DEMO_ADMIN_EMAIL = 'admin@demo.test';
export const DEMO_PHYSIO_EMAIL = 'physio@demo.test';
export const DEMO_PATIENT_EMAIL = 'patient@demo.test';

export type Trajectory =
  'improving' | 'steady' | 'non_adherent' | 'pain_rising' | 'gone_quiet' | 'just_started';

export const PHYSIOS = [
  { ref: 'physio-1', email: DEMO_PHYSIO_EMAIL, name: 'Priya Raman' },
  { ref: 'physio-2', email: 'physio2@demo.test', name: 'Tom Okafor' },
  { ref: 'physio-3', email: 'physio3@demo.test', name: 'Hannah Lindqvist' },
] as const;

// Invented names; any likeness to a real person is chance.
export const PATIENT_NAMES = [
  'Sam Whitfield',
  'Aisha Khan',
  'Daniel Murphy',
  'Grace Adeyemi',
  "Liam O'Connor",
  'Sofia Rossi',
  'Marcus Brown',
  'Emily Chen',
  'Joseph Nowak',
  'Fatima Haddad',
  'Oliver Bennett',
  'Chloe Martin',
  'Ravi Sharma',
  'Isla Ferguson',
  'George Mensah',
  'Zara Ahmed',
  'Thomas Evans',
  'Mia Kowalski',
  'Kwame Asante',
  'Lucy Hughes',
  'Ben Carter',
  'Nadia Petrova',
  'Ethan Walsh',
  'Amara Okoye',
  'Jack Thompson',
  'Leila Hosseini',
  'Ryan Douglas',
  'Maya Patel',
  'Owen Price',
  'Ruth Gallagher',
] as const;

/**
 * Patient n goes to physio (n - 1) % 3, so each row below is one patient per physio: every
 * caseload gets a mix of trajectories, and every flag shows on every caseload.
 */
export const TRAJECTORIES: readonly Trajectory[] = [
  ...(['improving', 'improving', 'improving'] as const),
  ...(['steady', 'non_adherent', 'pain_rising'] as const),
  ...(['non_adherent', 'pain_rising', 'gone_quiet'] as const),
  ...(['pain_rising', 'gone_quiet', 'just_started'] as const),
  ...(['gone_quiet', 'just_started', 'steady'] as const),
  ...(['just_started', 'steady', 'improving'] as const),
  ...(['improving', 'steady', 'non_adherent'] as const),
  ...(['steady', 'improving', 'steady'] as const),
  ...(['non_adherent', 'improving', 'gone_quiet'] as const),
  ...(['improving', 'non_adherent', 'pain_rising'] as const),
];

export type Approach = 'general' | 'extension' | 'flexion';

export const CONDITIONS: readonly { text: string; approach: Approach }[] = [
  { text: 'Non-specific low back pain, 8 weeks', approach: 'general' },
  { text: 'Non-specific low back pain, recurrent episodes over 2 years', approach: 'general' },
  { text: 'Lumbar disc bulge L4/5 with left sciatica', approach: 'extension' },
  { text: 'Lumbar disc bulge L5/S1 with right sciatica', approach: 'extension' },
  { text: 'Acute low back pain after lifting, 3 weeks', approach: 'extension' },
  { text: 'Chronic low back pain, 18 months', approach: 'general' },
  { text: 'Lumbar facet joint irritation, 6 weeks', approach: 'flexion' },
  { text: 'Mechanical low back pain, desk-based work, 4 months', approach: 'extension' },
  { text: 'Post-partum low back and pelvic girdle pain', approach: 'general' },
  { text: 'Low back pain and stiffness with mild lumbar spondylosis', approach: 'flexion' },
  { text: 'Lumbar spinal stenosis, walking limited to 10 minutes', approach: 'flexion' },
  { text: 'Low back pain 10 weeks after L4/5 microdiscectomy', approach: 'general' },
  { text: 'Grade 1 spondylolisthesis L5/S1 with low back pain', approach: 'flexion' },
  { text: 'Left sacroiliac joint pain, 2 months', approach: 'general' },
];

export const FIRST_PATIENT_CONDITION = {
  text: 'Non-specific low back pain, 8 weeks',
  approach: 'general',
} as const;

export const GOALS = [
  'Lift my toddler without pain',
  'Return to 5-a-side football',
  'Sit through a full working day at my desk',
  'Walk the dog for 30 minutes',
  'Get back to gardening at the allotment',
  'Drive two hours to visit family without stopping',
  'Return to full shifts on the ward',
  'Play a full round of golf',
  'Sleep through the night without back pain waking me',
  'Run 5 km again',
  'Carry the shopping home from the bus stop',
  'Get back to my weekly yoga class',
  'Pick up my grandchildren',
  'Return to full duties on the building site',
  'Go on a walking holiday this summer',
] as const;

export const FIRST_PHASE_POOLS: Record<Approach, readonly string[]> = {
  general: [
    'pelvic-tilt',
    'cat-camel',
    'bird-dog',
    'glute-bridge',
    'knee-to-chest-stretch',
    'lower-trunk-rotation',
    'dead-bug',
    'clamshell',
    'hamstring-stretch',
    'abdominal-bracing',
    'supine-marching',
  ],
  extension: [
    'prone-press-up',
    'sphinx-stretch',
    'standing-back-extension',
    'bird-dog',
    'glute-bridge',
    'sciatic-nerve-glide',
    'abdominal-bracing',
  ],
  flexion: [
    'double-knee-to-chest',
    'knee-to-chest-stretch',
    'childs-pose',
    'pelvic-tilt',
    'cat-camel',
    'wall-squat',
    'abdominal-bracing',
  ],
};

export const STRENGTH_POOL = [
  'bird-dog',
  'dead-bug',
  'side-plank-knees',
  'mcgill-curl-up',
  'bridge-single-leg-extension',
  'clamshell',
  'prone-hip-extension',
  'wall-squat',
  'hip-flexor-stretch',
  'piriformis-stretch',
] as const;

// Loading exercises are spaced out through the week; stretches and mobility can be daily.
export const STRENGTHENING = new Set<string>([
  'bird-dog',
  'dead-bug',
  'side-plank-knees',
  'mcgill-curl-up',
  'bridge-single-leg-extension',
  'glute-bridge',
  'clamshell',
  'prone-hip-extension',
  'wall-squat',
  'supine-marching',
]);

export const ITEM_NOTES = [
  'Go only as far as is comfortable.',
  'Slow and controlled: quality over quantity.',
  'Breathe out as you do the hard part.',
  'Morning and evening if you can.',
  'Use a folded towel under you if the floor is hard.',
  'Try these before you sit down at work.',
] as const;

export const PAIN_NOTES = {
  low: [
    'Good day. Walked to the shops and back.',
    'Hardly noticed my back today.',
    'A bit stiff first thing, fine after the exercises.',
    'Managed the school run without any trouble.',
  ],
  mid: [
    'Stiff in the morning, eased off after the exercises.',
    'Long drive today, back ached by the evening.',
    'Slept badly, sore getting out of bed.',
    'Sat too long at my desk, niggly this afternoon.',
    'Did some gardening, bit sore but settled.',
  ],
  high: [
    'Bad night. Hard to get comfortable.',
    'Pain into my buttock after hoovering.',
    'Struggled to put my socks on this morning.',
    'Back went into spasm bending over the sink.',
  ],
  flare: [
    'Lifted a heavy box at work and it has been sore since.',
    'Twinged it moving furniture at the weekend.',
    'Pain worse this week, going down the back of my thigh.',
  ],
  quiet: ['Busy week at work, struggling to find the time.', 'Away for a few days.'],
} as const;
