import { redirect } from 'next/navigation';
import { landingPath } from '@/lib/role-home';
import { getCurrentUser } from './(auth)/session';

/** The front door: each role goes to its own home, everyone else to sign-in. */
export default async function Home({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { callbackUrl } = await searchParams;
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  redirect(landingPath(user.role, typeof callbackUrl === 'string' ? callbackUrl : undefined));
}
