import type { Actor } from '@/db/queries/actor';
import type { RequestScope } from './next-runtime';

/** Someone making requests: a signed-in account (or none) and the address they come from. */
export interface Identity {
  label: string;
  /** The account, or null for a visitor who is not signed in. */
  user: Actor | null;
  ip: string;
  scope: RequestScope;
}

let addresses = 0;

/** A distinct documentation address (RFC 5737) per identity, so audit rows can be told apart. */
function nextAddress(): string {
  addresses += 1;
  return `198.51.100.${addresses % 250}`;
}

function requestHeaders(ip: string): Headers {
  // The production server puts the socket's peer in x-adhere-peer-address; both headers carry
  // the same address so the client-address rule finds it whichever it reads.
  return new Headers({
    host: '127.0.0.1:3000',
    'x-adhere-peer-address': ip,
    'x-forwarded-for': ip,
  });
}

export function signedOut(label = 'signed out'): Identity {
  const ip = nextAddress();
  return { label, user: null, ip, scope: { headers: requestHeaders(ip), session: null } };
}

/**
 * Signs an account in the way the sign-in form does: next-auth's credentials provider runs the
 * app's `authorize` (which checks the password and opens a session row), then the app's `jwt` and
 * `session` callbacks turn the result into the claims a session cookie carries.
 */
export async function signIn(label: string, user: Actor, password: string): Promise<Identity> {
  const { authOptions } = await import('@/app/(auth)/auth');
  const options = authOptions();
  const provider = options.providers[0] as unknown as {
    options: {
      authorize: (
        credentials: Record<string, string>,
        req: { headers: Record<string, string> },
      ) => Promise<Record<string, unknown> | null>;
    };
  };
  const ip = nextAddress();
  const headers = requestHeaders(ip);
  const signedIn = await provider.options.authorize(
    { email: user.email, password },
    { headers: Object.fromEntries(headers) },
  );
  if (!signedIn) throw new Error(`${label} (${user.email}) could not sign in`);
  const callbacks = options.callbacks as unknown as {
    jwt: (params: { token: object; user: object }) => Promise<object> | object;
    session: (params: { session: object; token: object }) => Promise<object> | object;
  };
  const token = await callbacks.jwt({ token: {}, user: signedIn });
  const expires = new Date(Date.now() + 60 * 60 * 1000).toISOString();
  const session = await callbacks.session({ session: { expires }, token });
  return { label, user, ip, scope: { headers, session } };
}
