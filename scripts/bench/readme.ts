/**
 * The README's Performance table, rendered from a results JSON and put between its marker
 * comments (update-readme.ts is the command). Pure, so it is unit-tested.
 */
import { formatValue, metLabel, type Results } from './report';

export const BEGIN = '<!-- bench:table:begin (npm run bench:readme writes this block) -->';
export const END = '<!-- bench:table:end -->';

const cell = (text: string) => text.replace(/\|/g, '\\|');

function table(header: string[], lines: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...lines.map((line) => `| ${line.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** The Markdown of one run: the figures, what each floor is made of, saturation and growth. */
export function renderBlock(results: Results, source: string): string {
  const parts: string[] = [];
  parts.push(
    `From \`${source}\` (${results.date.slice(0, 16).replace('T', ' ')} UTC, ${results.database === 'postgresql' ? 'PostgreSQL' : 'PGlite'}).`,
  );
  parts.push(
    table(
      ['figure', 'value', 'floor', 'ratio', 'target', 'met'],
      results.rows.map((r) => [
        r.figure,
        formatValue(r.value, r.unit),
        r.floor === undefined ? '' : formatValue(r.floor, r.unit),
        r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
        r.target,
        metLabel(r) === 'NOT MET' ? '**no**' : metLabel(r) === 'met' ? 'yes' : '',
      ]),
    ),
  );
  const floors = results.rows.filter((r) => r.floorParts);
  if (floors.length) {
    parts.push(
      floors
        .map(
          (r) =>
            `- floor of ${r.figure}: ${Object.entries(r.floorParts!)
              .map(([part, value]) => `${part} ${formatValue(value, r.unit)}`)
              .join(' + ')}`,
        )
        .join('\n'),
    );
  }
  for (const [name, levels] of Object.entries(results.saturation)) {
    parts.push(
      `Saturation, ${name}:\n\n${table(
        ['clients', 'per second', 'p50', 'p95', 'errors'],
        levels.map((l) => [
          String(l.clients),
          l.throughput.toFixed(1),
          `${l.p50.toFixed(1)} ms`,
          `${l.p95.toFixed(1)} ms`,
          String(l.errors),
        ]),
      )}`,
    );
  }
  if (results.growth.length) {
    parts.push(
      `Growth (p50 at 4 clients, same clinic with more history):\n\n${table(
        ['history', 'caseload p50', 'record p50'],
        results.growth.map((g) => [
          g.label,
          `${g.caseloadP50.toFixed(1)} ms`,
          `${g.recordP50.toFixed(1)} ms`,
        ]),
      )}`,
    );
  }
  if (results.notes.length) parts.push(results.notes.map((n) => `- note: ${n}`).join('\n'));
  return parts.join('\n\n');
}

/** The README with the block between the markers replaced; an error when a marker is missing. */
export function replaceBlock(readme: string, block: string): string {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin === -1 || end === -1 || end < begin) {
    throw new Error(
      `README.md has no benchmark block: put the lines\n${BEGIN}\n${END}\nin its Performance section.`,
    );
  }
  return `${readme.slice(0, begin + BEGIN.length)}\n\n${block}\n\n${readme.slice(end)}`;
}

/** The newest full run's file name in `dir` (names are ISO timestamps, so they sort by time). */
export function latestFullRun(files: string[]): string | undefined {
  return files
    .filter((f) => /^\d{4}-\d\d-\d\dT[\d-]+Z\.json$/.test(f))
    .sort()
    .at(-1);
}
