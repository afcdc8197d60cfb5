// Values a hostile or broken client sends at the boundary, for property tests with fast-check:
// each family the issue names (huge, empty, unicode, control characters, wrong types, arrays for
// scalars, SQL and markup fragments, impossible dates, extreme numbers, extra fields), mixed with
// generated ones so every run tries something new.
import fc from 'fast-check';

const HUGE = 'x'.repeat(100_000);

/** Hand-picked values, one family per line. */
// prettier-ignore
export const HOSTILE_STRINGS: readonly string[] = [
  '', ' ', '\t\n', '   padded   ',
  HUGE, 'é'.repeat(20_000), '😀'.repeat(10_000),
  'مرحبا بالعالم', 'שלום עולם', '\u202Eevil\u202C', '\u200F\u200E\u061C', 'Z̤̲͓͔͖a̴̡l̶g̷o̵',
  '👩🏽‍⚕️🦴💪🏿', '\uFEFFbom', '\uD800', '\uDFFF\uD800', '\uFFFF', 'Ω≈ç√∫',
  '\u0000', 'a\u0000b', '\u0007\u0008\u001B[31m', '\r\n\r\n', '\u2028\u2029', '\u007F\u0085',
  "' OR '1'='1", "'; DROP TABLE users; --", 'Robert"); DELETE FROM patient_profiles; --',
  '1; SELECT pg_sleep(5)', '$1', '%s%s%s%n', '\\x00', "E'\\\\'",
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)',
  '"><svg/onload=alert(1)>', '{{7*7}}', '${7*7}', '__proto__', 'constructor', '[object Object]',
  '=HYPERLINK("http://evil.test")', '+cmd', '-2+3', '@SUM(A1)', '../../etc/passwd', '%00', '%2e%2e%2f',
  '0000-00-00', '9999-12-31', '2024-02-30', '2023-02-29', '1899-12-31', '0001-01-01',
  '+275760-09-13', '-000001-01-01', '2026-13-01', '2026-00-10', '2026-1-1', '20261201',
  '2026-12-01T00:00:00Z', '2026-12-01 ', '01/12/2026', 'today', 'yesterday',
  '-1', '0', '-0', '00', '007', '1.5', '1e3', '1e308', '-1e308', '1e-308', '0x10', '0b1', '1_000',
  '9'.repeat(400), '-9007199254740993', '9007199254740993', '2147483648', '-2147483649',
  'NaN', 'Infinity', '-Infinity', 'null', 'undefined', 'true', 'false', '[]', '{}', '[1,2]',
  '{"a":1}', '{', '[', '"',
  '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '6f1c1c2e-6d7c-4a8e-9c44-0d4f7a7a1b2c', '6F1C1C2E-6D7C-4A8E-9C44-0D4F7A7A1B2C',
  '{6f1c1c2e-6d7c-4a8e-9c44-0d4f7a7a1b2c}', '6f1c1c2e6d7c4a8e9c440d4f7a7a1b2c',
  'admin@demo.test', 'ADMIN@DEMO.TEST ', 'a@b', '@', 'a@b.c\u0000', 'x'.repeat(250) + '@clinic.test',
];

/** A date-shaped string, mostly impossible or out of any sane range. */
const dateLike = fc
  .tuple(
    fc.integer({ min: 0, max: 99_999 }),
    fc.integer({ min: 0, max: 14 }),
    fc.integer({ min: 0, max: 33 }),
  )
  .map(
    ([y, m, d]) =>
      `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  );

const numberLike = fc.oneof(
  fc.double().map(String),
  fc.integer().map(String),
  fc.bigInt().map(String),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e309', '-0'),
);

const controlCharacters = fc
  .array(fc.integer({ min: 0, max: 0x1f }), { minLength: 1, maxLength: 8 })
  .map((codes) => String.fromCharCode(...codes));

/** Any hostile text. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: controlCharacters },
  { weight: 1, arbitrary: dateLike },
  { weight: 1, arbitrary: numberLike },
);

/** What a form field can carry instead of the expected text. */
export type FormFieldValue =
  | { kind: 'text'; value: string }
  | { kind: 'file'; value: string }
  | { kind: 'repeated'; values: string[] }
  | { kind: 'missing' };

export const hostileFormField: fc.Arbitrary<FormFieldValue> = fc.oneof(
  { weight: 6, arbitrary: hostileString.map((value) => ({ kind: 'text' as const, value })) },
  { weight: 1, arbitrary: hostileString.map((value) => ({ kind: 'file' as const, value })) },
  {
    weight: 1,
    arbitrary: fc
      .array(hostileString, { minLength: 2, maxLength: 3 })
      .map((values) => ({ kind: 'repeated' as const, values })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'missing' as const }) },
);

/**
 * Tried at every field on every run, before the generated ones: the values that have broken
 * things (a NUL byte PostgreSQL cannot store, a huge value, the year 9999, a negative number).
 */
export const ALWAYS_TRIED_TEXT: readonly string[] = ['a\u0000b', HUGE, '9999-12-31', '-1'];

export const ALWAYS_TRIED_FORM_FIELDS: readonly FormFieldValue[] = [
  ...ALWAYS_TRIED_TEXT.map((value) => ({ kind: 'text' as const, value })),
  { kind: 'missing' },
];

export const ALWAYS_TRIED_JSON: readonly unknown[] = [...ALWAYS_TRIED_TEXT, 1e308, null, [], {}];

/** A JSON value of the wrong type, shape or size (for JSON bodies and JSON fields). */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(-1, 0, -0, 1e308, -1e308, 2 ** 53 + 1, 0.5, 3.999999),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
);

/** Anything React's action encoding can deliver as an argument (dates, maps, bigints…). */
export const hostileAnything: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileJson },
  {
    weight: 1,
    arbitrary: fc.anything({
      maxDepth: 2,
      withDate: true,
      withMap: true,
      withSet: true,
      withBigInt: true,
      withNullPrototype: true,
      withSparseArray: true,
    }),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** Field names a client might add, hoping one is read (mass assignment) or breaks parsing. */
export const extraFieldName: fc.Arbitrary<string> = fc.oneof(
  // prettier-ignore
  fc.constantFrom(
    'role', 'admin', 'active', 'id', 'userId', 'patientId', 'physioId', 'authorId', 'createdBy',
    'sessionVersion', 'passwordHash', '__proto__', 'constructor', 'prototype', 'done', 'done.',
    'done.__proto__', 'items.0.sets', '$ACTION_ID_0', '$ACTION_REF_1', '1_x', '_1_x', '0',
  ),
  hostileString.filter((name) => name.length < 200),
);
