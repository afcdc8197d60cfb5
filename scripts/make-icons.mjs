// Draws Adhere's app icons and writes them as PNGs to public/icons/. Run it once after changing
// the mark (`node scripts/make-icons.mjs`) and commit the PNGs: the build never draws them, and
// nothing is downloaded. The mark is a ring nearly closed with a tick inside (a programme kept
// up), white on the palette's brand green (app/globals.css --color-brand). It is rendered by
// sharp, which Next.js already brings into the tree for image optimisation.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const BRAND = '#0f6b5c'; // --color-brand
const MARK = '#ffffff';

/** The ring and the tick on a 512 × 512 canvas, scaled about its centre. */
function mark(scale) {
  const ring = 2 * Math.PI * 150;
  return `<g transform="translate(256 256) scale(${scale}) translate(-256 -256)" fill="none"
    stroke="${MARK}" stroke-width="44" stroke-linecap="round" stroke-linejoin="round">
    <circle cx="256" cy="256" r="150" stroke-dasharray="${ring * 0.8} ${ring}"
      transform="rotate(-8 256 256)"/>
    <path d="M184 262 L234 312 L330 210"/>
  </g>`;
}

/**
 * `rounded`: the icon browsers show as it is (a rounded tile, corners transparent).
 * Otherwise full bleed: for a maskable icon, which the phone crops to its own shape and whose
 * mark must stay in the central safe circle (radius 40 % of the side), and for iOS, which
 * rounds the corners itself and shows transparency as black.
 */
function svg({ rounded, scale }) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <rect width="512" height="512" rx="${rounded ? 112 : 0}" fill="${BRAND}"/>
  ${mark(scale)}
</svg>`;
}

const ICONS = [
  { file: 'icon-192.png', size: 192, rounded: true, scale: 1 },
  { file: 'icon-512.png', size: 512, rounded: true, scale: 1 },
  { file: 'icon-maskable-512.png', size: 512, rounded: false, scale: 0.8 },
  { file: 'apple-touch-icon.png', size: 180, rounded: false, scale: 0.85 },
];

const out = path.resolve('public/icons');
mkdirSync(out, { recursive: true });
for (const icon of ICONS) {
  await sharp(Buffer.from(svg(icon)), { density: (72 * icon.size) / 512 })
    .resize(icon.size, icon.size)
    .png({ compressionLevel: 9 })
    .toFile(path.join(out, icon.file));
  console.log(`public/icons/${icon.file} (${icon.size} × ${icon.size})`);
}
