import { vi } from 'vitest';
import type { FormState } from '@/lib/forms';
import type { Identity } from './identities';
import { NotFoundSignal, RedirectSignal, inRequest } from './next-runtime';

/**
 * What a client got, in the matrix's words:
 * - allow: it worked (a success, a redirect to a page, a 2xx);
 * - signIn: asked to sign in (redirect to /login, 401, "sign in again");
 * - notFound: "not found" (the not-found page, 404, a not-found message);
 * - refuse: any other refusal with a message (a rule, a validation error, another 4xx);
 * - crash: what a 500 would be — an exception, an error logged on the server, a cut-off stream.
 */
export type Outcome = 'allow' | 'signIn' | 'notFound' | 'refuse' | 'crash';

export interface Answer {
  outcome: Outcome;
  /** Everything the client received except its own submitted values echoed back. */
  text: string;
  /** The submitted values a failed form echoes back (only what was sent may come back). */
  echoed: Record<string, string>;
  /** What the server logged as an error while answering. */
  logged: string;
  /**
   * The words the client is shown for a refusal: the form's message, or a route's body. Null
   * when the answer is a page (a redirect to sign in, the not-found page), which has its own.
   */
  message: string | null;
  status?: number;
}

const SIGN_IN = /sign in/i;
const NOT_FOUND = /not found|could not be found/i;
/** The calm words an action answers an unexpected failure with: a 500 in disguise. */
const FAILED = /something went wrong/i;

/**
 * Runs `call` as the identity, with console.error captured: an error logged while answering means
 * something failed, whatever the client was told.
 */
async function answering<T>(identity: Identity, call: () => Promise<T>) {
  const logged: unknown[][] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    logged.push(args);
  });
  try {
    const result = await inRequest(identity.scope, call).then(
      (value) => ({ value, thrown: undefined as unknown }),
      (thrown: unknown) => ({ value: undefined, thrown }),
    );
    return { ...result, logged: logged.map((args) => args.map(describe).join(' ')).join('\n') };
  } finally {
    spy.mockRestore();
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ''}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function fromState(state: FormState): Omit<Answer, 'logged'> {
  const { values, ...rest } = state;
  const base = { text: JSON.stringify(rest), echoed: values ?? {}, message: state.message ?? '' };
  if (state.status === 'success') return { ...base, outcome: 'allow' };
  if (FAILED.test(base.message)) return { ...base, outcome: 'crash' };
  if (SIGN_IN.test(base.message)) return { ...base, outcome: 'signIn' };
  if (NOT_FOUND.test(base.message)) return { ...base, outcome: 'notFound' };
  return { ...base, outcome: 'refuse' };
}

/** Calls a server action as a client would: `useActionState` actions get `(state, formData)`. */
export async function callAction(
  identity: Identity,
  action: (...args: never[]) => Promise<unknown>,
  args: unknown[],
): Promise<Answer> {
  const { value, thrown, logged } = await answering(identity, () =>
    (action as (...args: unknown[]) => Promise<unknown>)(...args),
  );
  if (thrown instanceof RedirectSignal) {
    const outcome = thrown.url.startsWith('/login') ? 'signIn' : 'allow';
    const text = thrown.url;
    return { outcome: logged ? 'crash' : outcome, text, echoed: {}, logged, message: null };
  }
  if (thrown instanceof NotFoundSignal) {
    const outcome = logged ? 'crash' : 'notFound';
    return { outcome, text: '', echoed: {}, logged, message: null };
  }
  if (thrown !== undefined) {
    return { outcome: 'crash', text: describe(thrown), echoed: {}, logged, message: null };
  }
  const answer = fromState(value as FormState);
  // The wrapper turns an unexpected failure into a calm message, but logs it: that is a 500.
  return { ...answer, outcome: logged ? 'crash' : answer.outcome, logged };
}

/** Calls a route handler and reads the whole body, as a client downloading it would. */
export async function callRoute(
  identity: Identity,
  handler: (request: never, context: never) => Promise<Response> | Response,
  request: Request,
  context: unknown = { params: Promise.resolve({}) },
): Promise<Answer> {
  const { value, thrown, logged } = await answering(identity, async () => {
    const response = await (handler as (r: Request, c: unknown) => Promise<Response>)(
      request,
      context,
    );
    // A stream that fails after the status was sent is a cut-off download, not a success.
    const body = await response.text().then(
      (text) => ({ text, error: undefined as unknown }),
      (error: unknown) => ({ text: '', error }),
    );
    return { response, ...body };
  });
  if (thrown !== undefined || !value) {
    return { outcome: 'crash', text: describe(thrown), echoed: {}, logged, message: null };
  }
  const { response, text, error } = value;
  const status = response.status;
  const location = response.headers.get('location') ?? '';
  const message = status >= 300 && status < 400 ? null : text;
  const base = { text: `${location}\n${text}`, echoed: {}, logged, status, message };
  if (error !== undefined || status >= 500 || logged) {
    const cut = error === undefined ? '' : `\nthe body was cut off: ${describe(error)}`;
    return { ...base, outcome: 'crash', text: `${status} ${base.text}${cut}` };
  }
  if (status === 401 || (status >= 300 && status < 400 && location.includes('/login'))) {
    return { ...base, outcome: 'signIn' };
  }
  if (status === 404) return { ...base, outcome: 'notFound' };
  if (status >= 400) return { ...base, outcome: 'refuse' };
  return { ...base, outcome: 'allow' };
}

/** A FormData from plain fields (a list value is sent as a repeated field, as a form would). */
export function formData(fields: Record<string, string | Blob | readonly (string | Blob)[]>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value])
      data.append(key, item as string | Blob);
  }
  return data;
}
