import { describe, expect, it } from 'vitest';
import { answerFailuresCalmly, plainText, tryAgainText } from '@/lib/route-answers';

describe('a route handler that fails', () => {
  const route = answerFailuresCalmly(
    'test route',
    () => tryAgainText('The export could not be made. Please try again.'),
    async (fail: boolean) => {
      if (fail)
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432 at Socket.connect (net.js:1:1)');
      return plainText('fine', 200);
    },
  );

  it('answers "try again" with 503 and Retry-After, and nothing of the error', async () => {
    const response = await route(true);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const body = await response.text();
    expect(body).toBe('The export could not be made. Please try again.');
    expect(body).not.toMatch(/ECONNREFUSED|5432|Socket/);
  });

  it('passes a handler’s own answer through', async () => {
    const response = await route(false);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('fine');
  });
});
