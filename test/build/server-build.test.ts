import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer, builtMain, sourceDigest } from '../../scripts/build-server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dirs: string[] = [];

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** A project with the layout the build expects: a CLI entry, a helper, SQL, a test, web code. */
async function project(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'motcua-build-'));
  dirs.push(root);
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write('package.json', '{"type":"module"}');
  write('tsconfig.json', '{"compilerOptions":{"strict":true}}');
  write(
    'src/cli/main.ts',
    "import { greeting } from '../lib/greet.js';\nexport const main = (n: number): string => greeting(n);\n",
  );
  write('src/lib/greet.ts', "export const greeting = (n: number): string => 'v' + n;\n");
  write('src/db/migrations/0001_a.sql', 'select 1;\n');
  write('src/lib/greet.test.ts', 'export {};\n');
  write('src/web/app.ts', 'export {};\n');
  return root;
}

describe('the compiled server (scripts/build-server.js)', () => {
  it('builds JavaScript that runs like the sources, with the files read at run time beside it', async () => {
    const root = await project();
    expect(builtMain(root)).toBeUndefined();
    const main = await buildServer(root);
    expect(builtMain(root)).toBe(main);
    const out = path.dirname(path.dirname(main));
    expect(path.basename(out)).toBe(sourceDigest(root));
    const { main: run } = await import(pathToFileURL(main).href);
    expect(run(7)).toBe('v7');
    expect(existsSync(path.join(out, 'db/migrations/0001_a.sql'))).toBe(true);
    expect(existsSync(path.join(out, 'lib/greet.test.js'))).toBe(false);
    expect(existsSync(path.join(out, 'web'))).toBe(false);
  });

  it('never offers a build of other sources, and replaces it on the next build', async () => {
    const root = await project();
    const first = await buildServer(root);
    writeFileSync(path.join(root, 'src/lib/greet.test.ts'), 'export const changed = 1;\n');
    writeFileSync(path.join(root, 'src/web/app.ts'), 'export const changed = 1;\n');
    expect(builtMain(root)).toBe(first);
    writeFileSync(
      path.join(root, 'src/lib/greet.ts'),
      "export const greeting = (n: number): string => 'w' + n;\n",
    );
    expect(builtMain(root)).toBeUndefined();
    writeFileSync(path.join(root, 'src/lib/greet.ts'), 'export const x = 1;\n');
    mkdirSync(path.join(root, 'src/extra'));
    writeFileSync(path.join(root, 'src/extra/new.sql'), 'select 2;\n');
    expect(builtMain(root)).toBeUndefined();
    const second = await buildServer(root);
    expect(second).not.toBe(first);
    expect(readdirSync(path.join(root, 'dist/server'))).toEqual([
      path.basename(path.dirname(path.dirname(second))),
    ]);
  });

  it('leaves no build behind when the sources do not compile', async () => {
    const root = await project();
    const good = await buildServer(root);
    writeFileSync(path.join(root, 'src/lib/greet.ts'), 'export const x: number = ;\n');
    await expect(buildServer(root)).rejects.toThrow(/Unexpected/);
    expect(builtMain(root)).toBeUndefined();
    expect(readdirSync(path.join(root, 'dist/server'))).toEqual([
      path.basename(path.dirname(path.dirname(good))),
    ]);
  });

  it('runs `motcua serve` from the build of the current sources', () => {
    const result = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin/motcua.js'), 'serve', '--help'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('run the server');
    expect(builtMain(ROOT)).toBeDefined();
  });
});
