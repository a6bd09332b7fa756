import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Creates the PostgreSQL cluster of an empty PGlite data directory in a short-lived child
 * process, so that the process which then serves it never holds what creating it costs.
 *
 * PGlite runs initdb inside the process that opens the directory: a second, temporary
 * PGlite instance and a tar image of the new cluster. That instance is never released once
 * closed (about 400 MB of WebAssembly memory stays resident for the life of the process, and
 * the tar image adds 200 MB of garbage), so a server started on an empty directory sat near
 * 900 MB before doing any work, three times what it holds when it opens an existing cluster.
 * In a child the memory goes back to the system when it exits (the child peaks near 730 MB for
 * a few seconds); the parent then opens the directory as an existing cluster. The caller holds
 * the data-directory lock throughout.
 *
 * @throws Error with the child's output when initdb fails.
 */
export async function initPGliteDataDir(dataDir: string): Promise<void> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  // Resolved here so the child finds this installation's PGlite whatever its working directory.
  const entry = import.meta.resolve('@electric-sql/pglite');
  const script = [
    `const { PGlite } = await import(${JSON.stringify(entry)});`,
    // Small shared buffers: initdb needs few, and they are most of the child's peak memory.
    "const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];",
    'const pg = await PGlite.create({ dataDir: process.argv[1], startParams });',
    'await pg.close();',
  ].join('\n');
  const output: Buffer[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0 || !existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new Error(
      `could not create the database in ${dataDir} (exit ${code}): ${Buffer.concat(output).toString('utf8').trim()}`,
    );
  }
}
