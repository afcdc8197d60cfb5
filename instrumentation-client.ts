import type { $ZodConfig } from 'zod/v4/core';

// Runs in the browser before the app's own code. Zod compiles its object parsers with
// `new Function` when it may, and finds out by trying: under Adhere's Content-Security-Policy (no
// 'unsafe-eval') the try is refused and reported as a violation, though Zod carries on. Jitless
// mode skips the try and parses without compiling; the server keeps its compiled parsers.
// Zod shares its settings through this global and reads it when it loads, as its types describe;
// setting it here, rather than calling z.config(), keeps Zod out of pages that never use it
// (5 kB gzip on every page otherwise).
const zodGlobal = globalThis as { __zod_globalConfig?: Partial<$ZodConfig> };
zodGlobal.__zod_globalConfig ??= {};
zodGlobal.__zod_globalConfig.jitless = true;
