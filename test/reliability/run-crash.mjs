#!/usr/bin/env node
// `npm run test:crash -- --submissions 10000 [--clients 16] [--agencies 4]`: the crash test of
// docs/RELIABILITY.md at the full size, which takes minutes and so is not part of
// `npm test` (CI runs 1,000). It needs PostgreSQL: DATABASE_URL, as for the other tests.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    submissions: { type: 'string', default: '10000' },
    clients: { type: 'string', default: '16' },
    agencies: { type: 'string', default: '4' },
  },
});
for (const [name, value] of Object.entries(values)) {
  if (!/^[1-9]\d*$/.test(value)) {
    process.stderr.write(`error: validation_failed: --${name} must be a positive whole number\n`);
    process.exit(2);
  }
}
if (!process.env.DATABASE_URL) {
  process.stderr.write(
    'error: validation_failed: set DATABASE_URL to a PostgreSQL server (the kill -9 test runs on PostgreSQL only; PGlite never fsyncs)\n',
  );
  process.exit(2);
}
const child = spawn(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', 'test/reliability/crash.test.ts'],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      MOTCUA_CRASH_SUBMISSIONS: values.submissions,
      MOTCUA_CRASH_CLIENTS: values.clients,
      MOTCUA_CRASH_AGENCIES: values.agencies,
    },
  },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
