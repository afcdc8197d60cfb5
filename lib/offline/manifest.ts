import type { MetadataRoute } from 'next';
import { SERVICE_WORKER_SCOPE } from './scope';

/** Where the manifest is served (app/manifest.webmanifest/route.ts). */
export const MANIFEST_URL = '/manifest.webmanifest';

/** The palette's brand green and canvas (app/globals.css): the phone's title bar and splash. */
export const THEME_COLOUR = '#0f6b5c';
const BACKGROUND_COLOUR = '#f7f8f7';

/** The icons (public/icons/, drawn by scripts/make-icons.mjs). */
export const ICONS = {
  small: '/icons/icon-192.png',
  large: '/icons/icon-512.png',
  maskable: '/icons/icon-maskable-512.png',
  apple: '/icons/apple-touch-icon.png',
} as const;

/** What a phone needs to put Adhere on its home screen: the patient's pages, standing alone. */
export const WEB_APP_MANIFEST: MetadataRoute.Manifest = {
  id: SERVICE_WORKER_SCOPE,
  name: 'Adhere',
  short_name: 'Adhere',
  description: 'Your home exercises for today, and how you are getting on.',
  lang: 'en',
  start_url: SERVICE_WORKER_SCOPE,
  scope: SERVICE_WORKER_SCOPE,
  display: 'standalone',
  theme_color: THEME_COLOUR,
  background_color: BACKGROUND_COLOUR,
  icons: [
    { src: ICONS.small, sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: ICONS.large, sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: ICONS.maskable, sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
};
