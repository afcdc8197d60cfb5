/**
 * `npm run bench:readme`: rewrites the README's Performance table, between the marker comments,
 * from the latest full run in bench/results/ (smoke and `--only` runs are skipped).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { latestFullRun, renderBlock, replaceBlock } from './readme';
import type { Results } from './report';

async function main() {
  const dir = path.resolve('bench/results');
  const latest = latestFullRun(readdirSync(dir));
  if (!latest)
    throw new Error('No full benchmark run in bench/results/: run `npm run bench` first.');
  const results = JSON.parse(readFileSync(path.join(dir, latest), 'utf8')) as Results;
  if (!Array.isArray(results.rows) || !results.saturation || !results.growth) {
    throw new Error(
      `${latest} is from an older harness (no saturation or growth figures): run \`npm run bench\` again.`,
    );
  }
  const readme = path.resolve('README.md');
  const text = replaceBlock(
    readFileSync(readme, 'utf8'),
    renderBlock(results, `bench/results/${latest}`),
  );
  // Formatted as `npm run format` would (aligned table columns), so the next format changes nothing.
  const options = (await resolveConfig(readme)) ?? {};
  writeFileSync(readme, await format(text, { ...options, filepath: readme }));
  console.log(`README.md's Performance table now shows bench/results/${latest}.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
