/** The benchmark's figures: collected as rows, printed as a table, written as JSON. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Row {
  figure: string;
  value: number;
  unit: string;
  floor?: number;
  ratio?: number;
  /** What the floor consists of, when there is one (printed under the table). */
  floorParts?: Record<string, number>;
  target: string;
  met: boolean;
}

/** A saturation table's line: one concurrency level. */
export interface Level {
  clients: number;
  throughput: number;
  p50: number;
  p95: number;
  errors: number;
  firstError?: string;
}

export interface Results {
  date: string;
  smoke: boolean;
  database: 'postgresql' | 'pglite';
  only?: string;
  rows: Row[];
  saturation: Record<string, Level[]>;
  growth: { label: string; years: number; caseloadP50: number; recordP50: number }[];
  notes: string[];
}

/** A mistake in how the bench was started: its message is the whole story, no stack needed. */
export class BenchSetupError extends Error {}

/** Targets marked like this are context, not judged. */
export const INFO = 'info';
export const REFERENCE = 'reference';

export class Report {
  readonly rows: Row[] = [];
  readonly saturation: Record<string, Level[]> = {};
  readonly growth: Results['growth'] = [];
  readonly notes: string[] = [];

  record(row: Omit<Row, 'ratio'>): void {
    const ratio = row.floor ? row.value / row.floor : undefined;
    this.rows.push({ ...row, ratio });
  }

  note(text: string): void {
    this.notes.push(text);
  }

  /** A note naming a phase's first failure, when it had any. */
  noteErrors(phase: string, result: { errors: number; firstError?: string }): void {
    if (result.errors > 0) {
      this.note(`${phase}: ${result.errors} failed; the first: ${result.firstError ?? 'unknown'}`);
    }
  }

  print(): void {
    const table = [
      ['figure', 'value', 'floor', 'ratio', 'target', 'met'],
      ...this.rows.map((r) => [
        r.figure,
        formatValue(r.value, r.unit),
        r.floor === undefined ? '' : formatValue(r.floor, r.unit),
        r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
        r.target,
        metLabel(r),
      ]),
    ];
    console.log();
    printTable(table);
    for (const r of this.rows.filter((row) => row.floorParts)) {
      const parts = Object.entries(r.floorParts!)
        .map(([part, value]) => `${part} ${formatValue(value, r.unit)}`)
        .join(' + ');
      console.log(`floor of ${r.figure}: ${parts}`);
    }
    for (const [name, levels] of Object.entries(this.saturation)) {
      console.log(`\nsaturation: ${name}`);
      printTable([
        ['clients', 'per second', 'p50', 'p95', 'errors'],
        ...levels.map((l) => [
          String(l.clients),
          l.throughput.toFixed(1),
          `${l.p50.toFixed(1)} ms`,
          `${l.p95.toFixed(1)} ms`,
          String(l.errors),
        ]),
      ]);
    }
    if (this.growth.length) {
      console.log('\ngrowth (p50 at 4 clients)');
      printTable([
        ['history', 'caseload', 'record'],
        ...this.growth.map((g) => [
          g.label,
          `${g.caseloadP50.toFixed(1)} ms`,
          `${g.recordP50.toFixed(1)} ms`,
        ]),
      ]);
    }
    for (const note of this.notes) console.log(`note: ${note}`);
  }

  /** Writes bench/results/<timestamp>[-smoke].json and returns its path. */
  write(meta: { smoke: boolean; database: Results['database']; only?: string }): string {
    const results: Results = {
      date: new Date().toISOString(),
      ...meta,
      rows: this.rows,
      saturation: this.saturation,
      growth: this.growth,
      notes: this.notes,
    };
    const dir = path.resolve('bench/results');
    mkdirSync(dir, { recursive: true });
    const suffix = meta.smoke ? '-smoke' : meta.only ? `-only-${meta.only}` : '';
    const file = path.join(dir, `${results.date.replace(/[:.]/g, '-')}${suffix}.json`);
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    return file;
  }
}

export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return `— ${unit}`;
  if (unit === 'count') return value.toFixed(0);
  if (unit === '×') return `${value.toFixed(2)}×`;
  return `${value.toFixed(1)} ${unit}`;
}

export function metLabel(row: Pick<Row, 'target' | 'met'>): string {
  return row.target === INFO || row.target === REFERENCE ? '' : row.met ? 'met' : 'NOT MET';
}

function printTable(table: string[][]): void {
  const widths = table[0]!.map((_, c) => Math.max(...table.map((line) => line[c]!.length)));
  for (const line of table) console.log(line.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
}
