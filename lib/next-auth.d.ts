import type { Role } from '@/lib/roles';

declare module 'next-auth' {
  interface User {
    id: string;
    role: Role;
    sid: string;
    sv: number;
  }
  interface Session {
    claims?: { uid: string; sid: string; sv: number; role: Role };
  }
}
