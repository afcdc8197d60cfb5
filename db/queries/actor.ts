import type { Role } from '@/db/schema';

/** The signed-in user on whose behalf a data-layer function runs. */
export interface Actor {
  id: string;
  role: Role;
  name: string;
  email: string;
  sessionId: string;
  ip?: string;
}

export { invalid, notFound, ok, type Outcome, type Refusal } from '@/lib/outcome';
