import { logServerError } from '@/lib/log.mjs';

/** How long a client should wait before trying again after a failure we expect to pass. */
export const RETRY_AFTER_SECONDS = 5;

export const plainText = (body: string, status: number, headers: Record<string, string> = {}) =>
  new Response(body, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
  });

/** "Try again": 503 with Retry-After, so a client or a load balancer waits and retries. */
export const tryAgainText = (message: string) =>
  plainText(message, 503, {
    'retry-after': String(RETRY_AFTER_SECONDS),
    'cache-control': 'no-store',
  });

/**
 * A route handler that never answers the framework's bare 500. Whatever it throws — usually the
 * database being away while the session is checked, the refusal audited or the export read — is
 * logged (the error stays in the log, never in the answer) and answered by `failure`.
 */
export function answerFailuresCalmly<Args extends unknown[]>(
  where: string,
  failure: () => Response,
  handler: (...args: Args) => Promise<Response>,
): (...args: Args) => Promise<Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      await logServerError(error, { where });
      return failure();
    }
  };
}
