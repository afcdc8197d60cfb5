import { readFileSync } from 'node:fs';
import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import {
  capabilityStatement,
  everythingOf,
  operationOutcome,
  resourceInRecord,
  searchRecord,
  searchsetBundle,
  type PatientRecordRows,
} from '@/lib/fhir/bundle';
import {
  adherenceObservationId,
  describeDose,
  fhirWeekdays,
  parseAdherenceObservationId,
  parseProcedureId,
  procedureId,
  toActivityDefinition,
  toAdherenceObservation,
  toCarePlan,
  toCompletionProcedure,
  toGoal,
  toPainObservation,
  toPatient,
  toPractitioner,
} from '@/lib/fhir/resources';
import { matchesDates, parseSearch } from '@/lib/fhir/search';
import { toWeeklyMetrics } from '@/lib/metrics/weekly';
import { expectValidFhir } from '../support/fhir-validator';

const PATIENT = '11111111-1111-4111-8111-111111111111';
const PHYSIO = '22222222-2222-4222-8222-222222222222';
const ROUTINE_1 = '33333333-3333-4333-8333-333333333331';
const ROUTINE_2 = '33333333-3333-4333-8333-333333333332';
const ITEM = '44444444-4444-4444-8444-444444444441';
const EXERCISE = '55555555-5555-4555-8555-555555555551';
const PAIN = '66666666-6666-4666-8666-666666666661';
const TODAY = '2026-03-11';

const record: PatientRecordRows = {
  patient: {
    id: PATIENT,
    name: 'Ada Mary Lovelace',
    email: 'ada@example.test',
    dateOfBirth: '1980-02-29',
    active: true,
    physioId: PHYSIO,
    goal: 'Walk the dog for 30 minutes',
    dischargedOn: null,
  },
  practitioners: [{ id: PHYSIO, name: 'Pat Physio', email: 'pat@clinic.test', active: true }],
  routines: [
    {
      id: ROUTINE_1,
      patientId: PATIENT,
      createdBy: PHYSIO,
      previousRoutineId: null,
      title: 'First programme',
      startDate: '2026-02-23',
      endDate: '2026-03-03',
      createdAt: new Date('2026-02-23T09:00:00Z'),
      items: [
        {
          id: ITEM,
          exerciseId: EXERCISE,
          exerciseName: 'Prone press-up (lumbar extension)',
          position: 0,
          sets: 2,
          reps: 10,
          holdSeconds: 5,
          daysMask: 1 | 4 | 16,
          timesPerDay: 2,
          note: 'Go gently',
        },
      ],
    },
    {
      id: ROUTINE_2,
      patientId: PATIENT,
      createdBy: PHYSIO,
      previousRoutineId: ROUTINE_1,
      title: 'Second programme',
      startDate: '2026-03-04',
      endDate: null,
      createdAt: new Date('2026-03-04T09:00:00Z'),
      items: [],
    },
  ],
  exercises: [
    {
      id: EXERCISE,
      name: 'Prone press-up (lumbar extension)',
      instructions: 'Lie face down, hands under the shoulders.',
      archived: false,
      mediaUrl: 'https://example.test/video',
    },
  ],
  painReports: [
    {
      id: PAIN,
      patientId: PATIENT,
      reportedOn: '2026-03-02',
      score: 4,
      note: 'Stiff in the morning',
      updatedAt: new Date('2026-03-02T18:00:00Z'),
    },
  ],
  completionDays: [
    {
      patientId: PATIENT,
      routineId: ROUTINE_1,
      routineItemId: ITEM,
      exerciseId: EXERCISE,
      exerciseName: 'Prone press-up (lumbar extension)',
      performedOn: '2026-03-02',
      sessions: 1,
      timesPerDay: 2,
    },
  ],
  weeks: [
    toWeeklyMetrics({
      patientId: PATIENT,
      weekStart: '2026-02-23',
      prescribedSessions: 16,
      completedSessions: 5,
      painSum: 0,
      painReports: 0,
    }),
    toWeeklyMetrics({
      patientId: PATIENT,
      weekStart: '2026-03-09',
      prescribedSessions: 0,
      completedSessions: 0,
      painSum: 4,
      painReports: 1,
    }),
  ],
  // The outcome measures' mapping has its own tests (fhir-outcomes); the API test reads them.
  outcomes: [],
};

describe('FHIR mapping', () => {
  it('uses a validator that refuses what R4 forbids', async () => {
    const observation = toAdherenceObservation(record.weeks[0]!, TODAY);
    await expect(
      expectValidFhir({ ...observation, dataAbsentReason: { text: 'both' } }),
    ).rejects.toThrow(/obs-6/);
    await expect(
      expectValidFhir({ ...toPatient(record.patient), gender: 7 } as never),
    ).rejects.toThrow();
  });

  it('maps a patient with name parts, email, birth date and Adhere identifier', async () => {
    const patient = toPatient(record.patient);
    await expectValidFhir(patient);
    expect(patient.name?.[0]).toMatchObject({ family: 'Lovelace', given: ['Ada', 'Mary'] });
    expect(patient.telecom).toEqual([{ system: 'email', value: 'ada@example.test' }]);
    expect(patient.birthDate).toBe('1980-02-29');
    expect(patient.identifier?.[0]?.value).toBe(PATIENT);
    expect(toPatient({ ...record.patient, name: 'Cher', dateOfBirth: null })).not.toHaveProperty(
      'birthDate',
    );
  });

  it('maps the physio and the goal', async () => {
    await expectValidFhir(toPractitioner(record.practitioners[0]!));
    const goal = toGoal(record.patient)!;
    await expectValidFhir(goal);
    expect(goal.description.text).toBe('Walk the dog for 30 minutes');
    expect(toGoal({ ...record.patient, dischargedOn: '2026-03-01' })?.lifecycleStatus).toBe(
      'completed',
    );
    expect(toGoal({ ...record.patient, goal: '  ' })).toBeNull();
  });

  it('maps routine versions to chained CarePlans with SNOMED activities and timing', async () => {
    const [first, second] = record.routines.map((r) =>
      toCarePlan(r, TODAY, toGoal(record.patient)),
    );
    await expectValidFhir(first!);
    await expectValidFhir(second!);
    expect(first!.status).toBe('completed');
    expect(second!.status).toBe('active');
    expect(second!.replaces).toEqual([{ reference: `CarePlan/${ROUTINE_1}` }]);
    expect(first!.period).toEqual({ start: '2026-02-23', end: '2026-03-03' });
    const detail = first!.activity![0]!.detail!;
    expect(detail.kind).toBe('ServiceRequest');
    expect(detail.code?.coding?.[0]).toMatchObject({
      system: 'http://snomed.info/sct',
      code: '229065009',
    });
    expect(detail.code?.text).toBe('Prone press-up (lumbar extension)');
    expect(detail.scheduledTiming?.repeat).toEqual({
      frequency: 2,
      period: 1,
      periodUnit: 'd',
      dayOfWeek: ['mon', 'wed', 'fri'],
    });
    expect(detail.description).toBe('2 sets of 10 reps, hold 5 s, twice a day. Go gently');
  });

  it('maps an exercise to an ActivityDefinition with its instructions', async () => {
    const definition = toActivityDefinition(record.exercises[0]!);
    await expectValidFhir(definition);
    expect(definition.description).toBe('Lie face down, hands under the shoulders.');
    expect(toActivityDefinition({ ...record.exercises[0]!, archived: true }).status).toBe(
      'retired',
    );
  });

  it('maps a pain report to a LOINC 72514-3 survey Observation', async () => {
    const observation = toPainObservation(record.painReports[0]!);
    await expectValidFhir(observation);
    expect(observation.code.coding?.[0]?.code).toBe('72514-3');
    expect(observation.valueInteger).toBe(4);
    expect(observation.effectiveDateTime).toBe('2026-03-02');
    expect(observation.note).toEqual([{ text: 'Stiff in the morning' }]);
    expect(observation.category?.[0]?.coding?.[0]?.code).toBe('survey');
  });

  it('maps a week of the metrics module to an adherence Observation', async () => {
    const [full, empty] = record.weeks.map((w) => toAdherenceObservation(w, TODAY));
    await expectValidFhir(full!);
    await expectValidFhir(empty!);
    expect(full!.status).toBe('final');
    expect(full!.effectivePeriod).toEqual({ start: '2026-02-23', end: '2026-03-01' });
    // 100 × 5 / 16 = 31.25, rounded half away from zero as everywhere.
    expect(full!.valueQuantity).toEqual({
      value: 31.3,
      unit: '%',
      system: 'http://unitsofmeasure.org',
      code: '%',
    });
    expect(full!.component?.map((c) => c.valueInteger)).toEqual([16, 5]);
    expect(empty!.status).toBe('preliminary');
    expect(empty!.valueQuantity).toBeUndefined();
    expect(empty!.dataAbsentReason?.coding?.[0]?.code).toBe('not-applicable');
    expect(parseAdherenceObservationId(adherenceObservationId(PATIENT, '2026-02-23'))).toEqual({
      patientId: PATIENT,
      weekStart: '2026-02-23',
    });
    expect(parseAdherenceObservationId('adherence-x-2026-02-23')).toBeNull();
  });

  it('maps a day of completions to a Procedure', async () => {
    const procedure = toCompletionProcedure(record.completionDays[0]!);
    await expectValidFhir(procedure);
    expect(procedure.performedDateTime).toBe('2026-03-02');
    expect(procedure.basedOn).toEqual([{ reference: `CarePlan/${ROUTINE_1}` }]);
    expect(procedure.note).toEqual([{ text: '1 of 2 sessions done' }]);
    expect(parseProcedureId(procedureId(ITEM, '2026-03-02'))).toEqual({
      routineItemId: ITEM,
      performedOn: '2026-03-02',
    });
    expect(parseProcedureId(`${ITEM}.20260302`)).toBeNull();
  });

  it('describes doses and weekdays', () => {
    expect(fhirWeekdays(127)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    expect(fhirWeekdays(64)).toEqual(['sun']);
    const item = record.routines[0]!.items[0]!;
    expect(describeDose({ ...item, holdSeconds: null, timesPerDay: 3, note: '' })).toBe(
      '2 sets of 10 reps, three times a day',
    );
  });
});

describe('FHIR bundles and searches', () => {
  const base = 'http://localhost:3000/fhir/R4';

  it('$everything is a valid Bundle holding every resource once', async () => {
    const resources = everythingOf(record, TODAY);
    const bundle = searchsetBundle({
      base,
      self: new URL(`${base}/Patient/${PATIENT}/$everything`),
      resources,
      total: resources.length,
      offset: 0,
      count: resources.length,
    });
    await expectValidFhir(bundle);
    expect(resources.map((r) => r.resourceType)).toEqual([
      'Patient',
      'Practitioner',
      'Goal',
      'CarePlan',
      'CarePlan',
      'ActivityDefinition',
      'Observation',
      'Observation',
      'Observation',
      'Procedure',
    ]);
    expect(new Set(resources.map((r) => `${r.resourceType}/${r.id}`)).size).toBe(resources.length);
  });

  it('reads a CarePlan, an Observation or a Procedure by id out of the record, and nothing else', () => {
    for (const resource of everythingOf(record, TODAY)) {
      const { resourceType: type, id } = resource;
      if (type !== 'CarePlan' && type !== 'Observation' && type !== 'Procedure') continue;
      expect(resourceInRecord(record, type, id!, TODAY)).toEqual(resource);
    }
    expect(resourceInRecord(record, 'CarePlan', PAIN, TODAY)).toBeNull();
    expect(resourceInRecord(record, 'Observation', ROUTINE_1, TODAY)).toBeNull();
    expect(
      resourceInRecord(record, 'Observation', `adherence-${PATIENT}-2020-01-06`, TODAY),
    ).toBeNull();
    expect(resourceInRecord(record, 'Procedure', `${ITEM}.2020-01-01`, TODAY)).toBeNull();
    expect(resourceInRecord(record, 'Procedure', 'not-an-id', TODAY)).toBeNull();
  });

  it('pages with a next link only when there is more', async () => {
    const resources = everythingOf(record, TODAY).slice(0, 2);
    const bundle = searchsetBundle({
      base,
      self: new URL(`${base}/Patient?_id=${PATIENT}`),
      resources,
      total: 5,
      offset: 0,
      count: 2,
    });
    await expectValidFhir(bundle);
    expect(bundle.link?.map((l) => l.relation)).toEqual(['self', 'next']);
    expect(new URL(bundle.link![1]!.url).searchParams.get('_offset')).toBe('2');
    const last = searchsetBundle({
      ...{ base, resources, total: 4, offset: 2, count: 2 },
      self: new URL(base),
    });
    expect(last.link?.map((l) => l.relation)).toEqual(['self']);
  });

  it('searches Observations by code and date prefixes', () => {
    const search = (query: string) => {
      const parsed = parseSearch('Observation', new URLSearchParams(query));
      if (!parsed.ok) throw new Error(parsed.message);
      return searchRecord(record, parsed.value, TODAY).map((r) => r.id);
    };
    const patient = `patient=Patient/${PATIENT}`;
    expect(search(`${patient}&code=http://loinc.org|72514-3`)).toEqual([PAIN]);
    expect(search(`${patient}&code=weekly-adherence`)).toHaveLength(2);
    expect(search(`${patient}&date=ge2026-03-02&date=le2026-03-08`)).toEqual([PAIN]);
    // A week matches a day it contains.
    expect(search(`${patient}&code=weekly-adherence&date=2026-02-25`)).toEqual([
      adherenceObservationId(PATIENT, '2026-02-23'),
    ]);
    expect(search(`${patient}&date=gt2026-03-15`)).toEqual([]);
  });

  it('searches CarePlans by status', () => {
    const parsed = parseSearch(
      'CarePlan',
      new URLSearchParams(`patient=${PATIENT}&status=completed`),
    );
    expect(parsed.ok && searchRecord(record, parsed.value, TODAY).map((r) => r.id)).toEqual([
      ROUTINE_1,
    ]);
  });

  it('refuses bad search parameters with a message', () => {
    const bad = [
      ['Observation', 'code=72514-3'],
      ['Observation', `patient=${PATIENT}&date=2026-13-01`],
      ['Observation', `patient=${PATIENT}&date=ne2026-01-01`],
      ['Observation', `patient=${PATIENT}&subject=x`],
      ['Observation', `patient=not-a-uuid`],
      ['Patient', '_count=0'],
      ['Patient', '_count=501'],
      ['Patient', '_offset=-1'],
      ['Patient', '_id=1,2'],
      ['Patient', '_count=1&_count=2'],
      ['Patient', '_format=xml'],
      ['CarePlan', `patient=${PATIENT}&status=draft`],
    ] as const;
    for (const [type, query] of bad) {
      const parsed = parseSearch(type, new URLSearchParams(query));
      expect(parsed.ok, `${type}?${query}`).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(/\w/);
    }
  });

  it('matches date ranges as FHIR does', () => {
    expect(matchesDates([{ prefix: 'ge', date: '2026-03-01' }], '2026-02-23', '2026-03-01')).toBe(
      true,
    );
    expect(matchesDates([{ prefix: 'gt', date: '2026-03-01' }], '2026-02-23', '2026-03-01')).toBe(
      false,
    );
    expect(matchesDates([{ prefix: 'le', date: '2026-02-23' }], '2026-02-23', '2026-03-01')).toBe(
      true,
    );
    expect(matchesDates([{ prefix: 'lt', date: '2026-02-23' }], '2026-02-23', '2026-03-01')).toBe(
      false,
    );
  });

  it('has a valid CapabilityStatement and OperationOutcome', async () => {
    const statement = capabilityStatement(base);
    await expectValidFhir(statement);
    expect(statement.fhirVersion).toBe('4.0.1');
    const types = statement.rest?.[0]?.resource?.map((r) => r.type);
    expect(types).toEqual([
      'Patient',
      'Practitioner',
      'Goal',
      'CarePlan',
      'ActivityDefinition',
      'Observation',
      'Procedure',
      'Questionnaire',
      'QuestionnaireResponse',
    ]);
    await expectValidFhir(operationOutcome('not-found', 'Not found.'));
  });
});

describe('docs/fhir.md', () => {
  // The outcome measures (issue 17) have a section of their own, with its own examples.
  const [served, outcomes] = readFileSync('docs/fhir.md', 'utf8').split('\n## Outcome measures\n');
  const examplesIn = (text: string | undefined) =>
    [...(text ?? '').matchAll(/```json\n([\s\S]*?)\n```/g)].map(
      (match) => JSON.parse(match[1]!) as Resource,
    );

  it('has a valid example of each resource the API serves', async () => {
    const examples = examplesIn(served);
    for (const example of examples) await expectValidFhir(example);
    const all = [...examples, ...examplesIn(outcomes)];
    expect([...new Set(all.map((e) => e.resourceType))].sort()).toEqual(
      [...capabilityStatement('x').rest![0]!.resource!.map((r) => r.type)].sort(),
    );
    const observationCodes = examples
      .filter((e) => e.resourceType === 'Observation')
      .map((e) => (e as { code: { coding: { code: string }[] } }).code.coding[0]!.code);
    expect(observationCodes).toEqual(['72514-3', 'weekly-adherence']);
  });

  it('has a valid example of each outcome-measure resource', async () => {
    const examples = examplesIn(outcomes);
    for (const example of examples) await expectValidFhir(example);
    expect(examples.map((e) => e.resourceType)).toEqual([
      'Questionnaire',
      'QuestionnaireResponse',
      'Observation',
    ]);
    const observation = examples[2] as { code: { coding: { code: string }[] } };
    expect(observation.code.coding[0]!.code).toBe('start-back-score');
  });
});
