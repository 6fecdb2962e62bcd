// `node --import ./bin/register-ts.mjs file.ts` runs a TypeScript file with the project's own sources.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
process.setSourceMapsEnabled(true);
