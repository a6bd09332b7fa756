#!/usr/bin/env node
// The `motcua` command. Sources are TypeScript, run through tsx so `npx motcua` works right
// after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
