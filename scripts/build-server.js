#!/usr/bin/env node
// The server compiled to JavaScript, for `motcua serve` and `motcua start` (bin/motcua.js).
//
// Running the TypeScript sources through tsx costs the server ≈ 70 MB of resident memory (the
// loader, esbuild's transform of every module, the source maps Node keeps for each one): idle
// 213 against 142 MB, peak under the look-up load ≈ 350 against ≈ 260 MB (issue 7,
// docs/BENCHMARKS.md). So the server's sources (src/ without the web app and the tests) are
// transpiled by esbuild, the same transform tsx applies, into dist/server/<hash>/ beside copies
// of the files they read at run time (SQL, migrations, fixtures).
//
// <hash> is a digest of the sources, this script and tsconfig.json, so a build is only ever run
// for the very sources it was made from: after any edit, checkout or upgrade the digest differs
// and a new build is made. Each build is written to a temporary directory and renamed into
// place, so two servers starting at once never load a half-written tree.
//
// `node scripts/build-server.js` builds (npm run build does) and prints the directory.

import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SELF), '..');
/** Where builds go, one directory per source digest. */
const BUILDS = 'dist/server';
const DIGEST = /^[0-9a-f]{16}$/;
/** A temporary directory left by a build that died is removed after this long. */
const ABANDONED_MS = 60 * 60 * 1000;

/**
 * The server's source files under `root`/src, relative to src and sorted: everything but the
 * web app (built by Vite) and the tests.
 */
export function sourceFiles(root = ROOT) {
  const src = path.join(root, 'src');
  return readdirSync(src, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(src, path.join(entry.parentPath ?? entry.path, entry.name)))
    .filter(
      (file) =>
        !file.startsWith(`web${path.sep}`) &&
        !/\.test\.tsx?$/.test(file) &&
        !file.split(path.sep).includes('__snapshots__'),
    )
    .sort();
}

/** Digest of the server's sources, this script and tsconfig.json (16 hex digits). */
export function sourceDigest(root = ROOT) {
  const hash = createHash('sha256');
  const add = (name, file) => {
    hash.update(name).update('\0').update(readFileSync(file)).update('\0');
  };
  add('build-server.js', SELF);
  add('tsconfig.json', path.join(root, 'tsconfig.json'));
  for (const file of sourceFiles(root)) add(file, path.join(root, 'src', file));
  return hash.digest('hex').slice(0, 16);
}

/** The entry module (cli/main.js) of the build of the current sources, if it has been made. */
export function builtMain(root = ROOT) {
  const main = path.join(root, BUILDS, sourceDigest(root), 'cli/main.js');
  return existsSync(main) ? main : undefined;
}

/** Transpiles the server's TypeScript into `out` and copies its other files beside it. */
async function compileInto(root, out) {
  const { build } = await import('esbuild');
  const src = path.join(root, 'src');
  const files = sourceFiles(root);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: files.filter((f) => f.endsWith('.ts')).map((f) => path.join(src, f)),
    outdir: out,
    outbase: src,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Maps beside the files, pointing at src/: free unless Node runs with
    // --enable-source-maps, which then gives stack traces in the TypeScript.
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    absWorkingDir: root,
    tsconfig: path.join(root, 'tsconfig.json'),
  });
  for (const file of files.filter((f) => !f.endsWith('.ts')))
    cpSync(path.join(src, file), path.join(out, file));
}

/**
 * Builds the current sources into dist/server/<digest>/ unless that build exists, removes the
 * builds of other sources, and returns the entry module (cli/main.js).
 *
 * Removing old builds is safe for a server still running from one: it imported all its modules
 * at start (no module of src/ is imported lazily).
 *
 * @throws Error when esbuild fails or the directory cannot be written.
 */
export async function buildServer(root = ROOT) {
  const builds = path.join(root, BUILDS);
  let digest = sourceDigest(root);
  for (let attempt = 1; !existsSync(path.join(builds, digest, 'cli/main.js')); attempt++) {
    const tmp = path.join(builds, `.tmp-${digest}-${process.pid}`);
    try {
      await compileInto(root, tmp);
      // A source edited while esbuild read it would file other sources under this digest.
      const after = sourceDigest(root);
      if (after !== digest) {
        if (attempt === 3) throw new Error('the sources kept changing during the build');
        digest = after;
        continue;
      }
      renameSync(tmp, path.join(builds, digest));
    } catch (error) {
      // Renamed into place by another process first (the same build) is not a failure.
      if (!existsSync(path.join(builds, digest, 'cli/main.js'))) throw error;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  for (const name of readdirSync(builds)) {
    const dir = path.join(builds, name);
    const abandoned = name.startsWith('.tmp-') && Date.now() - statSync(dir).mtimeMs > ABANDONED_MS;
    if ((DIGEST.test(name) && name !== digest) || abandoned)
      rmSync(dir, { recursive: true, force: true });
  }
  return path.join(builds, digest, 'cli/main.js');
}

if (process.argv[1] && path.resolve(process.argv[1]) === SELF) {
  try {
    const main = await buildServer();
    process.stdout.write(`${path.relative(process.cwd(), path.dirname(path.dirname(main)))}\n`);
  } catch (error) {
    // One line for bin/motcua.js's warning; esbuild has already printed its diagnostics.
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
