import nextEnv from '@next/env';

// Scripts read .env files exactly as `next dev` / `next start` do.
nextEnv.loadEnvConfig(process.cwd());
