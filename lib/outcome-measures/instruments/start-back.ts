import type { DefinitionInput } from '../definition';

/**
 * Keele STarT Back Screening Tool, 9-item version. Item wording as on Keele's online STarT Back
 * calculator (startback.hfac.keele.ac.uk/training/resources/startback-online/); answer labels
 * Disagree/Agree and the item 9 scale as in Keele's scoring (item 9: Very much or Extremely = 1).
 */
const agree = [
  { label: 'Disagree', value: 0 },
  { label: 'Agree', value: 1 },
];
const statements = [
  'My back pain has spread down my leg(s) at some time in the last 2 weeks',
  'I have had pain in the shoulder or neck at some time in the last 2 weeks',
  'I have only walked short distances because of my back pain',
  'In the last 2 weeks, I have dressed more slowly than usual because of back pain',
  'It’s not really safe for a person with a condition like mine to be physically active',
  'Worrying thoughts have been going through my mind a lot of the time',
  'I feel that my back pain is terrible and it’s never going to get any better',
  'In general I have not enjoyed all the things I used to enjoy',
];

export const startBack: DefinitionInput = {
  id: 'start-back',
  version: 1,
  name: 'Keele STarT Back Screening Tool',
  copyright:
    'The copyright (©2007) of the STarT Back Screening Tool and associated materials is owned by Keele University, the development of which was part funded by Arthritis Research UK.',
  licence:
    'Free to use; no licence is required for non-commercial use, and the copyright and funding statement must be kept with the tool. To incorporate it into commercial product materials, contact Keele University.',
  citation:
    'Hill JC, Dunn KM, Lewis M, Mullis R, Main CJ, Foster NE, Hay EM. A primary care back pain screening tool: identifying patient subgroups for initial treatment. Arthritis Rheum. 2008;59(5):632-641. doi:10.1002/art.23563',
  instructions: 'Thinking about the last 2 weeks please answer the following questions:',
  items: [
    ...statements.map((text, i) => ({
      type: 'choice' as const,
      id: `q${i + 1}`,
      text,
      options: agree,
    })),
    {
      type: 'choice',
      id: 'q9',
      text: 'Overall, how bothersome has your back pain been in the last 2 weeks?',
      options: [
        { label: 'Not at all', value: 0 },
        { label: 'Slightly', value: 0 },
        { label: 'Moderately', value: 0 },
        { label: 'Very much', value: 1 },
        { label: 'Extremely', value: 1 },
      ],
    },
  ],
  scoring: {
    method: 'sum',
    subscales: [
      { id: 'psychosocial', name: 'Psychosocial subscale', items: ['q5', 'q6', 'q7', 'q8', 'q9'] },
    ],
    bands: [
      {
        id: 'low',
        label: 'Low risk',
        max: 3,
        meaning:
          'Low risk of the back pain becoming long-lasting. Matched care: good information and advice about staying active, pain relief and work, and support to manage it themselves.',
      },
      {
        id: 'high',
        label: 'High risk',
        subscales: { psychosocial: { min: 4 } },
        meaning:
          'High risk, with worry, low mood or fear about the pain holding recovery back. Matched care: physiotherapy that also addresses those thoughts and feelings (psychologically informed physiotherapy).',
      },
      {
        id: 'medium',
        label: 'Medium risk',
        meaning:
          'Medium risk. Matched care: physiotherapy for the pain and the physical problems, with advice and reassurance.',
      },
    ],
  },
};
