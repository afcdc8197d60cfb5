import { loadEnvConfig } from '@next/env';

// Scripts read .env files exactly as `next dev` / `next start` do.
loadEnvConfig(process.cwd());
