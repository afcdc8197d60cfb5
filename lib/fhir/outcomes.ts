import type {
  Coding,
  Observation,
  ObservationComponent,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
} from '@medplum/fhirtypes';
import type { IsoDate } from '@/lib/dates';
import type { Answers } from '@/lib/outcome-measures/answers';
import type { Definition, Item } from '@/lib/outcome-measures/definition';
import { ADHERE_BASE, ADHERE_CODES, OBSERVATION_CATEGORY, UCUM } from './codes';

/*
 * Outcome measures (issue 17) as FHIR R4: each questionnaire definition (id + version) is a
 * Questionnaire, each completed questionnaire a QuestionnaireResponse, and its score an
 * Observation derived from it. Pure functions, like resources.ts: db/queries decides who may see
 * which response and hands over only those. docs/fhir.md has the mapping in words with examples.
 *
 * No standard code covers every instrument (PSFS has none in LOINC; a clinic's questionnaire is
 * whatever the clinic uploads), so the score Observation is coded in Adhere's own code system
 * (codes.ts, as the weekly adherence Observation is): `<instrument id>-score`, with components
 * `<instrument id>-<subscale id>` and `<instrument id>-group`.
 */

/** R4's extensions for an answer option's score and a number's bounds (core extensions). */
const ORDINAL_VALUE = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
const MIN_VALUE = 'http://hl7.org/fhir/StructureDefinition/minValue';
const MAX_VALUE = 'http://hl7.org/fhir/StructureDefinition/maxValue';

/** What is stored of one completed questionnaire, with the score it was given when completed. */
export interface FhirOutcomeResponseRow {
  id: string;
  patientId: string;
  instrumentId: string;
  version: number;
  /** The clinic's day the questionnaire was completed on. */
  answeredOn: IsoDate;
  /** When the last answer was saved. */
  completedAt: Date;
  answers: Answers;
  score: number;
  /** Each subscale's sum, by subscale id (STarT Back: `psychosocial`). */
  subscales: Record<string, number>;
  /** The band the score fell in (STarT Back's risk group), or null. */
  band: { id: string; label: string } | null;
}

/** A completed questionnaire with the definition version it was answered on. */
export interface FhirOutcome {
  definition: Definition;
  response: FhirOutcomeResponseRow;
}

/** The canonical URL of a questionnaire (every version shares it; `version` tells them apart). */
export const questionnaireUrl = (instrumentId: string) =>
  `${ADHERE_BASE}/Questionnaire/${instrumentId}`;

/**
 * The Questionnaire's id: `<instrument id>-v<version>` (`psfs-v1`). FHIR ids may not hold "_", which
 * an instrument id may, so "_" becomes "."; an instrument id never holds ".", so no two ids meet.
 */
export function questionnaireId(definition: { id: string; version: number }): string {
  return `${definition.id.replaceAll('_', '.')}-v${definition.version}`;
}

/** The code system of one questionnaire version's answer options: code = position, from 1. */
export const answerSystem = (definition: { id: string; version: number }) =>
  `${questionnaireUrl(definition.id)}/${definition.version}/answers`;

export const outcomeScoreObservationId = (responseId: string) => `outcome-score-${responseId}`;

export function parseOutcomeScoreObservationId(id: string): string | null {
  const match = /^outcome-score-([0-9a-f-]{36})$/.exec(id);
  return match ? match[1]! : null;
}

export const scoreCode = (definition: Pick<Definition, 'id' | 'name'>): Coding => ({
  system: ADHERE_CODES,
  code: `${definition.id}-score`,
  display: `${definition.name} score`,
});

const groupCode = (definition: Pick<Definition, 'id' | 'name'>): Coding => ({
  system: ADHERE_CODES,
  code: `${definition.id}-group`,
  display: `${definition.name} group`,
});

/** A patient-named rating (PSFS) is a group: the activity in the patient's words, then its rating. */
const activityLinkId = (item: Item) => `${item.id}.activity`;
const ratingLinkId = (item: Item) => `${item.id}.rating`;

function optionCoding(definition: Definition, position: number, label: string): Coding {
  return { system: answerSystem(definition), code: String(position + 1), display: label };
}

function toQuestionnaireItem(definition: Definition, item: Item): QuestionnaireItem {
  if (item.type === 'choice') {
    return {
      linkId: item.id,
      text: item.text,
      type: 'choice',
      required: item.required,
      answerOption: item.options.map((option, position) => ({
        valueCoding: {
          ...optionCoding(definition, position, option.label),
          // The value the option adds to the score (two options may share one: STarT Back item 9).
          extension: [{ url: ORDINAL_VALUE, valueDecimal: option.value }],
        },
      })),
    };
  }
  const rating: QuestionnaireItem = {
    linkId: item.namedByPatient ? ratingLinkId(item) : item.id,
    text: `${item.text} (${item.min} = ${item.minLabel}; ${item.max} = ${item.maxLabel})`,
    type: 'integer',
    required: item.required,
    extension: [
      { url: MIN_VALUE, valueInteger: item.min },
      { url: MAX_VALUE, valueInteger: item.max },
    ],
  };
  if (!item.namedByPatient) return rating;
  return {
    linkId: item.id,
    text: item.text,
    type: 'group',
    required: item.required,
    item: [
      {
        linkId: activityLinkId(item),
        text: 'An activity you find hard',
        type: 'string',
        required: true,
      },
      { ...rating, required: true },
    ],
  };
}

/** One version of a questionnaire, with its copyright notice word for word. */
export function toQuestionnaire(definition: Definition): Questionnaire {
  const description = [definition.instructions, `Source: ${definition.citation}`]
    .filter(Boolean)
    .join('\n\n');
  return {
    resourceType: 'Questionnaire',
    id: questionnaireId(definition),
    url: questionnaireUrl(definition.id),
    version: String(definition.version),
    title: definition.name,
    status: 'active',
    subjectType: ['Patient'],
    code: [scoreCode(definition)],
    description,
    purpose: `Terms of use: ${definition.licence}`,
    copyright: definition.copyright,
    item: definition.items.map((item) => toQuestionnaireItem(definition, item)),
  };
}

function toResponseItem(
  definition: Definition,
  item: Item,
  answers: Answers,
): QuestionnaireResponseItem | null {
  const answer = answers[item.id];
  if (answer === undefined) return null;
  if (item.type === 'choice') {
    if (!('option' in answer)) return null;
    const option = item.options[answer.option];
    if (!option) return null;
    return {
      linkId: item.id,
      text: item.text,
      answer: [{ valueCoding: optionCoding(definition, answer.option, option.label) }],
    };
  }
  if (!('rating' in answer)) return null;
  const rated: QuestionnaireResponseItem = {
    linkId: item.namedByPatient ? ratingLinkId(item) : item.id,
    text: item.text,
    answer: [{ valueInteger: answer.rating }],
  };
  if (!item.namedByPatient) return rated;
  return {
    linkId: item.id,
    text: item.text,
    item: [
      { linkId: activityLinkId(item), answer: [{ valueString: answer.activity ?? '' }] },
      rated,
    ],
  };
}

/** A completed questionnaire: the answers as given, on the version they were given on. */
export function toQuestionnaireResponse(
  definition: Definition,
  response: FhirOutcomeResponseRow,
): QuestionnaireResponse {
  const patient = { reference: `Patient/${response.patientId}` };
  return {
    resourceType: 'QuestionnaireResponse',
    id: response.id,
    questionnaire: `${questionnaireUrl(definition.id)}|${definition.version}`,
    status: 'completed',
    subject: patient,
    authored: response.completedAt.toISOString(),
    author: patient,
    source: patient,
    item: definition.items
      .map((item) => toResponseItem(definition, item, response.answers))
      .filter((item): item is QuestionnaireResponseItem => item !== null),
  };
}

/**
 * A whole-number sum is a count of points (`valueInteger`); a mean or a scaled score (PSFS's mean,
 * ODI's percentage) is a quantity in UCUM's annotation unit `{score}`.
 */
function scoreValue(definition: Definition, score: number): Partial<Observation> {
  if (definition.scoring.method === 'sum' && !definition.scoring.scale && Number.isInteger(score)) {
    return { valueInteger: score };
  }
  return { valueQuantity: { value: score, unit: 'score', system: UCUM, code: '{score}' } };
}

/** The score of a completed questionnaire, with its subscales and its group as components. */
export function toOutcomeScoreObservation(
  definition: Definition,
  response: FhirOutcomeResponseRow,
): Observation {
  const components: ObservationComponent[] = definition.scoring.subscales.map((subscale) => ({
    code: {
      coding: [
        { system: ADHERE_CODES, code: `${definition.id}-${subscale.id}`, display: subscale.name },
      ],
    },
    valueInteger: response.subscales[subscale.id] ?? 0,
  }));
  if (response.band) {
    components.push({
      code: { coding: [groupCode(definition)] },
      valueCodeableConcept: {
        coding: [
          {
            system: ADHERE_CODES,
            code: `${definition.id}-${response.band.id}`,
            display: response.band.label,
          },
        ],
        text: response.band.label,
      },
    });
  }
  return {
    resourceType: 'Observation',
    id: outcomeScoreObservationId(response.id),
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'survey', display: 'Survey' }] }],
    code: { coding: [scoreCode(definition)], text: `${definition.name} score` },
    subject: { reference: `Patient/${response.patientId}` },
    effectiveDateTime: response.answeredOn,
    issued: response.completedAt.toISOString(),
    ...scoreValue(definition, response.score),
    derivedFrom: [{ reference: `QuestionnaireResponse/${response.id}` }],
    ...(components.length > 0 ? { component: components } : {}),
  };
}
