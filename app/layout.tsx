import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Adhere', template: '%s · Adhere' },
  description: 'Home-exercise programmes: is the patient doing them, and is the pain going down?',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page, "not found" included, is rendered for its request: only then can Next.js put that
  // request's CSP nonce (proxy.ts) on its scripts. A page prerendered at build time would carry
  // none, and the browser would refuse to run it.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-dvh antialiased">{children}</body>
    </html>
  );
}
