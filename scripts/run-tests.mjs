// `npm test`: lint, type-check, unit and integration tests (PGlite, and PostgreSQL when
// TEST_DATABASE_URL is set), then the end-to-end tests in Chromium against a production build.
// Every step runs even if an earlier one fails, and the summary names each runner's result.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const reports = path.resolve('.data/reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const bin = (name) => path.resolve('node_modules/.bin', name);

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const results = [];

function run(label, command, args, extraEnv = {}) {
  console.log(`\n━━ ${label} ━━`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  const ok = status === 0;
  results.push({ label, ok, seconds: Math.round((Date.now() - started) / 1000) });
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

run('lint', bin('eslint'), ['--max-warnings=0', '.']);
run('typecheck', bin('tsc'), ['--noEmit']);

const vitestReport = path.join(reports, 'vitest.json');
run('unit + integration (vitest)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
]);
if (!process.env.TEST_DATABASE_URL) {
  console.log(
    '(integration tests ran on PGlite only: set TEST_DATABASE_URL to run them on PostgreSQL too)',
  );
}

const built = run('production build for e2e', process.execPath, [
  path.resolve('node_modules/next/dist/bin/next'),
  'build',
]);
const playwrightReport = path.join(reports, 'playwright.json');
if (built) {
  run('end-to-end (playwright, chromium)', bin('playwright'), ['test'], {
    E2E_SKIP_BUILD: '1',
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
  });
  // The benchmark harness on a tiny dataset, so it cannot rot; its figures are not judged here.
  run('benchmark smoke run', bin('tsx'), ['scripts/bench/run.ts', '--smoke', '--no-build']);
} else {
  results.push({ label: 'end-to-end (playwright, chromium)', ok: false, seconds: 0 });
  results.push({ label: 'benchmark smoke run', ok: false, seconds: 0 });
}

let passed = 0;
let failed = 0;
let skipped = 0;
const vitest = readJson(vitestReport);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
}
const playwright = readJson(playwrightReport);
if (playwright?.stats) {
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected;
  skipped += playwright.stats.skipped;
}
// A step that failed without reporting tests (lint, type-check, build) counts as a failure too.
const failedSteps = results.filter((r) => !r.ok);

console.log('\n━━ summary ━━');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.label} (${r.seconds} s)`);
if (failedSteps.length > 0 && failed === 0) failed = failedSteps.length;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failedSteps.length > 0 ? 1 : 0);
