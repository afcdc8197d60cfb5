import { describe, expect, it } from 'vitest';
import {
  answerSystem,
  outcomeScoreObservationId,
  parseOutcomeScoreObservationId,
  questionnaireId,
  toOutcomeScoreObservation,
  toQuestionnaire,
  toQuestionnaireResponse,
  type FhirOutcomeResponseRow,
} from '@/lib/fhir/outcomes';
import { SHIPPED, score } from '@/lib/outcome-measures';
import type { Answers } from '@/lib/outcome-measures/answers';
import type { Definition } from '@/lib/outcome-measures/definition';
import { parseDefinition } from '@/lib/outcome-measures/import';
import { expectValidFhir } from '../support/fhir-validator';

const PATIENT = '11111111-1111-4111-8111-111111111111';
const RESPONSE = '77777777-7777-4777-8777-777777777771';

const psfs = SHIPPED.find((d) => d.id === 'psfs')!;
const startBack = SHIPPED.find((d) => d.id === 'start-back')!;

/** A clinic-added, ODI-shaped questionnaire (made-up wording), as an admin would upload it. */
function clinicDefinition(id = 'odi_like'): Definition {
  const parsed = parseDefinition({
    id,
    version: 2,
    name: 'ODI-like index',
    copyright: '© Example holder; used under licence',
    licence: 'Used under the clinic’s licence',
    citation: 'Example 2024',
    items: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => ({
      type: 'choice',
      id: `section${n}`,
      text: `Section ${n}`,
      options: ['None', 'Mild', 'Moderate', 'Fairly severe', 'Very severe', 'Worst'].map(
        (label, value) => ({ label, value }),
      ),
    })),
    scoring: {
      method: 'sum',
      scale: { divideBy: 50, multiplyBy: 100 },
      decimals: 0,
      bands: [
        { id: 'minimal', label: 'Minimal disability', max: 20 },
        { id: 'moderate', label: 'Moderate disability', max: 40 },
        { id: 'severe', label: 'Severe disability' },
      ],
    },
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.definition;
}

/** The stored row of a completed questionnaire, scored by the engine as the app stores it. */
function responseOf(definition: Definition, answers: Answers): FhirOutcomeResponseRow {
  const result = score(definition, answers);
  if (!result.complete) throw new Error(JSON.stringify(result));
  return {
    id: RESPONSE,
    patientId: PATIENT,
    instrumentId: definition.id,
    version: definition.version,
    answeredOn: '2026-03-10',
    completedAt: new Date('2026-03-10T08:15:00Z'),
    answers,
    score: result.score,
    subscales: result.subscales,
    band: result.band ? { id: result.band.id, label: result.band.label } : null,
  };
}

describe('outcome measures as FHIR', () => {
  it('uses a validator that refuses what R4 forbids in these resources', async () => {
    const row = responseOf(psfs, { activity1: { rating: 3, activity: 'Lifting' } });
    const { status: _status, ...withoutStatus } = toQuestionnaireResponse(psfs, row);
    await expect(expectValidFhir(withoutStatus as never)).rejects.toThrow(/status/);
    const questionnaire = toQuestionnaire(psfs);
    // que-1: a group must have nested items.
    await expect(
      expectValidFhir({ ...questionnaire, item: [{ linkId: 'g', type: 'group' }] }),
    ).rejects.toThrow(/que-1/);
    // The validator does not check ids against R4's pattern, so that is checked here.
    const R4_ID = /^[A-Za-z0-9\-.]{1,64}$/;
    expect(questionnaireId(clinicDefinition('odi_like'))).toMatch(R4_ID);
    expect('odi_like-v2').not.toMatch(R4_ID);
  });

  it('maps PSFS: a group per activity, the patient naming it and rating it 0–10; the mean as a quantity', async () => {
    const questionnaire = toQuestionnaire(psfs);
    await expectValidFhir(questionnaire);
    expect(questionnaire).toMatchObject({
      id: 'psfs-v1',
      url: 'https://adhere.app/fhir/Questionnaire/psfs',
      version: '1',
      copyright: psfs.copyright,
      status: 'active',
    });
    expect(questionnaire.item).toHaveLength(5);
    const first = questionnaire.item![0]!;
    expect(first).toMatchObject({ linkId: 'activity1', type: 'group', required: true });
    expect(first.item?.map((i) => [i.linkId, i.type])).toEqual([
      ['activity1.activity', 'string'],
      ['activity1.rating', 'integer'],
    ]);
    expect(first.item![1]!.extension?.map((e) => e.valueInteger)).toEqual([0, 10]);
    expect(questionnaire.item![1]!.required).toBe(false);

    const row = responseOf(psfs, {
      activity1: { rating: 3, activity: 'Lifting the shopping' },
      activity2: { rating: 6, activity: 'Walking the dog' },
      activity3: { rating: 8, activity: 'Driving' },
    });
    const response = toQuestionnaireResponse(psfs, row);
    await expectValidFhir(response);
    expect(response.questionnaire).toBe('https://adhere.app/fhir/Questionnaire/psfs|1');
    // Unanswered optional activities are left out, not answered empty.
    expect(response.item?.map((i) => i.linkId)).toEqual(['activity1', 'activity2', 'activity3']);
    expect(response.item![1]!.item).toEqual([
      { linkId: 'activity2.activity', answer: [{ valueString: 'Walking the dog' }] },
      { linkId: 'activity2.rating', text: 'Activity 2', answer: [{ valueInteger: 6 }] },
    ]);

    const observation = toOutcomeScoreObservation(psfs, row);
    await expectValidFhir(observation);
    // (3 + 6 + 8) / 3 = 5.666… → 5.67 (PSFS rounds to 2 decimals).
    expect(observation.valueQuantity).toEqual({
      value: 5.67,
      unit: 'score',
      system: 'http://unitsofmeasure.org',
      code: '{score}',
    });
    expect(observation.code.coding?.[0]).toMatchObject({
      system: 'https://adhere.app/fhir/CodeSystem/adhere',
      code: 'psfs-score',
    });
    expect(observation.component).toBeUndefined();
    expect(observation.derivedFrom).toEqual([{ reference: `QuestionnaireResponse/${RESPONSE}` }]);
    expect(observation.effectiveDateTime).toBe('2026-03-10');
  });

  it('maps STarT Back: coded options with their score, the total, the psychosocial subscale and the risk group', async () => {
    const questionnaire = toQuestionnaire(startBack);
    await expectValidFhir(questionnaire);
    expect(questionnaire.copyright).toContain('Keele University');
    const q9 = questionnaire.item!.find((i) => i.linkId === 'q9')!;
    expect(
      q9.answerOption?.map((o) => [
        o.valueCoding?.code,
        o.valueCoding?.display,
        o.valueCoding?.extension?.[0]?.valueDecimal,
      ]),
    ).toEqual([
      ['1', 'Not at all', 0],
      ['2', 'Slightly', 0],
      ['3', 'Moderately', 0],
      ['4', 'Very much', 1],
      ['5', 'Extremely', 1],
    ]);

    // Agree with items 1, 5, 6, 7 and 8; "Very much" for item 9: total 6, subscale 5 → high risk.
    const agree = { option: 1 };
    const disagree = { option: 0 };
    const answers: Answers = {
      q1: agree,
      q2: disagree,
      q3: disagree,
      q4: disagree,
      q5: agree,
      q6: agree,
      q7: agree,
      q8: agree,
      q9: { option: 3 },
    };
    const row = responseOf(startBack, answers);
    const response = toQuestionnaireResponse(startBack, row);
    await expectValidFhir(response);
    expect(response.item).toHaveLength(9);
    expect(response.item![8]!.answer).toEqual([
      { valueCoding: { system: answerSystem(startBack), code: '4', display: 'Very much' } },
    ]);

    const observation = toOutcomeScoreObservation(startBack, row);
    await expectValidFhir(observation);
    expect(observation.valueInteger).toBe(6);
    expect(observation.valueQuantity).toBeUndefined();
    expect(observation.component).toEqual([
      {
        code: {
          coding: [
            {
              system: 'https://adhere.app/fhir/CodeSystem/adhere',
              code: 'start-back-psychosocial',
              display: 'Psychosocial subscale',
            },
          ],
        },
        valueInteger: 5,
      },
      {
        code: {
          coding: [
            {
              system: 'https://adhere.app/fhir/CodeSystem/adhere',
              code: 'start-back-group',
              display: 'Keele STarT Back Screening Tool group',
            },
          ],
        },
        valueCodeableConcept: {
          coding: [
            {
              system: 'https://adhere.app/fhir/CodeSystem/adhere',
              code: 'start-back-high',
              display: 'High risk',
            },
          ],
          text: 'High risk',
        },
      },
    ]);
  });

  it('maps a clinic-added ODI-like questionnaire: the scaled score as a quantity and its band', async () => {
    const definition = clinicDefinition();
    const questionnaire = toQuestionnaire(definition);
    await expectValidFhir(questionnaire);
    expect(questionnaire.id).toBe('odi.like-v2');
    expect(questionnaire.url).toBe('https://adhere.app/fhir/Questionnaire/odi_like');
    expect(questionnaire.copyright).toBe('© Example holder; used under licence');
    expect(questionnaire.description).toBe('Source: Example 2024');
    expect(questionnaire.item?.[0]?.answerOption).toHaveLength(6);

    const answers = Object.fromEntries(
      definition.items.map((item, i) => [item.id, { option: i < 5 ? 3 : 1 }]),
    );
    const row = responseOf(definition, answers);
    const response = toQuestionnaireResponse(definition, row);
    await expectValidFhir(response);
    expect(response.questionnaire).toBe('https://adhere.app/fhir/Questionnaire/odi_like|2');

    const observation = toOutcomeScoreObservation(definition, row);
    await expectValidFhir(observation);
    // 5 × 3 + 5 × 1 = 20 of 50 → 40 %, in the "moderate" band (max 40).
    expect(observation.valueQuantity?.value).toBe(40);
    expect(observation.component?.map((c) => c.valueCodeableConcept?.coding?.[0]?.code)).toEqual([
      'odi_like-moderate',
    ]);
  });

  it('gives ids that do not collide and reads back its Observation id', () => {
    expect(questionnaireId({ id: 'a_b', version: 1 })).not.toBe(
      questionnaireId({ id: 'a-b', version: 1 }),
    );
    expect(parseOutcomeScoreObservationId(outcomeScoreObservationId(RESPONSE))).toBe(RESPONSE);
    expect(parseOutcomeScoreObservationId(`outcome-score-x`)).toBeNull();
  });
});
