import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { expect, signInAs, test } from './fixtures';

// A demo patient no other spec logs for; nothing here changes their day.
const PATIENT = 'patient28@demo.test';
const URL = '/api/patient/day-log';
const LIMIT = 32 * 1024;

/** POSTs a body in chunks with no Content-Length (Transfer-Encoding: chunked). */
function postChunked(
  baseURL: string,
  cookie: string,
  chunks: Iterable<string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      new globalThis.URL(URL, baseURL),
      { method: 'POST', headers: { 'content-type': 'application/json', cookie } },
      (res) => {
        answered = true;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    // The server may answer and close before the whole body is sent: that is the point.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

test.describe('Security finding 11: the JSON day-log endpoint refuses large bodies', () => {
  test('a body over 32 kB gets 413, whether it states its length or is sent in chunks', async ({
    page,
  }) => {
    await signInAs(page, PATIENT);
    const today = await page.evaluate(() => new Date().toISOString().slice(0, 10));
    const baseURL = test.info().project.use.baseURL!;
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    // A valid save with a pain score, padded past the limit with a field the schema ignores.
    const save = (padding: number) =>
      JSON.stringify({
        idempotencyKey: randomUUID(),
        date: today,
        pain: 9,
        padding: 'x'.repeat(padding),
      });

    const stated = await page.request.post(URL, {
      headers: { 'content-type': 'application/json' },
      data: save(LIMIT),
    });
    expect(stated.status()).toBe(413);
    expect(await stated.json()).toEqual({
      message: 'This request is too large: a day log is at most 32 kB.',
    });

    const body = save(4 * LIMIT);
    const chunked = await postChunked(baseURL, cookie, {
      *[Symbol.iterator]() {
        for (let i = 0; i < body.length; i += 1024) yield body.slice(i, i + 1024);
      },
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toEqual({
      message: 'This request is too large: a day log is at most 32 kB.',
    });

    // Neither was saved; a save of ordinary size still is.
    await page.goto('/patient');
    await expect(page.getByRole('radio', { name: '9', exact: true })).not.toBeChecked();
    const small = await postChunked(baseURL, cookie, [
      JSON.stringify({ idempotencyKey: randomUUID(), date: today, padding: 'x'.repeat(1000) }),
    ]);
    expect(small.status).toBe(200);
  });
});
