import { describe, expect, it } from 'vitest';
import { NdjsonChunker, type NdjsonChunk } from '@/lib/fhir/bulk';

/*
 * The bulk export's chunker (lib/fhir/bulk.ts): chunks of whole lines, none over the limit except
 * a single line that alone is over it, and together exactly the lines given, in order.
 */

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

function chunkAll(lines: string[], limit: number): NdjsonChunk[] {
  const chunker = new NdjsonChunker(limit);
  const chunks = lines.flatMap((line) => chunker.push(line));
  const last = chunker.end();
  return last ? [...chunks, last] : chunks;
}

function expectWellFormed(lines: string[], chunks: NdjsonChunk[], limit: number) {
  expect(chunks.map((c) => c.body).join('')).toBe(lines.join(''));
  expect(chunks.reduce((n, c) => n + c.lines, 0)).toBe(lines.length);
  for (const chunk of chunks) {
    expect(chunk.body.endsWith('\n')).toBe(true);
    expect(chunk.body.split('\n').length - 1).toBe(chunk.lines);
    if (bytes(chunk.body) > limit) expect(chunk.lines, 'only a single line may exceed').toBe(1);
  }
}

// A deterministic generator (a linear congruential one), so a failure can be replayed.
function lineMaker(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return () => {
    const length = Math.floor(next() ** 3 * 400);
    // Multi-byte characters too: the limit is in UTF-8 bytes, not string length.
    const text = Array.from({ length }, () => (next() < 0.1 ? 'é€' : 'a')).join('');
    return `${JSON.stringify({ text })}\n`;
  };
}

describe('NdjsonChunker', () => {
  it('hands back a chunk when the next line would not fit, and the rest at the end', () => {
    const line = `${'x'.repeat(29)}\n`; // 30 bytes
    const chunks = chunkAll([line, line, line, line, line], 100);
    expect(chunks.map((c) => c.lines)).toEqual([3, 2]);
    expect(chunks.map((c) => bytes(c.body))).toEqual([90, 60]);
  });

  it('a chunk that reaches the limit exactly is written at once', () => {
    const chunker = new NdjsonChunker(20);
    expect(chunker.push(`${'a'.repeat(9)}\n`)).toEqual([]);
    const full = chunker.push(`${'b'.repeat(9)}\n`);
    expect(full).toHaveLength(1);
    expect(bytes(full[0]!.body)).toBe(20);
    expect(chunker.end()).toBeNull();
  });

  it('a line over the limit is a chunk of its own, after what came before it', () => {
    const small = 'ab\n';
    const big = `${'z'.repeat(99)}\n`;
    const chunker = new NdjsonChunker(10);
    expect(chunker.push(small)).toEqual([]);
    expect(chunker.push(big)).toEqual([
      { body: small, lines: 1 },
      { body: big, lines: 1 },
    ]);
    expect(chunker.push(small)).toEqual([]);
    expect(chunker.end()).toEqual({ body: small, lines: 1 });
  });

  it('counts the limit in UTF-8 bytes', () => {
    const line = `${'€'.repeat(3)}\n`; // 10 bytes, 4 characters
    const chunks = chunkAll([line, line, line], 25);
    expect(chunks.map((c) => c.lines)).toEqual([2, 1]);
  });

  it('nothing pushed, nothing written', () => {
    expect(new NdjsonChunker(64).end()).toBeNull();
    expect(() => new NdjsonChunker(0)).toThrow(RangeError);
  });

  it.each([1, 2, 3, 4, 5])(
    'random lines (seed %i): every chunk within the limit, all lines in order',
    (seed) => {
      const make = lineMaker(seed);
      const lines = Array.from({ length: 2_000 }, make);
      for (const limit of [64, 512, 4096, 64 * 1024]) {
        const chunks = chunkAll(lines, limit);
        expectWellFormed(lines, chunks, limit);
        // Chunks are filled: two neighbours together always exceed the limit.
        for (let i = 1; i < chunks.length; i++) {
          expect(bytes(chunks[i - 1]!.body) + bytes(chunks[i]!.body)).toBeGreaterThan(limit);
        }
      }
    },
  );
});
