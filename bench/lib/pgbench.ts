import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** Initialises pgbench's tables in their own database so they never touch the app's data. */
export function pgbenchInit(bin: string, port: number, scale = 10): void {
  const args = ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'];
  spawnSync(path.join(bin, 'createdb'), [...args, 'pgbench'], { encoding: 'utf8' });
  const result = spawnSync(
    path.join(bin, 'pgbench'),
    [...args, '-i', '-q', '-s', String(scale), 'pgbench'],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`pgbench -i failed: ${result.stderr}`);
}

/** `pgbench -N -c 8 -j 2`: the machine's own ceiling for small write transactions. */
export function pgbenchTps(
  bin: string,
  port: number,
  seconds: number,
  clients = 8,
  threads = 2,
): number {
  const result = spawnSync(
    path.join(bin, 'pgbench'),
    [
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-U',
      'postgres',
      '-N',
      '-c',
      String(clients),
      '-j',
      String(threads),
      '-T',
      String(seconds),
      'pgbench',
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`pgbench failed: ${result.stderr}`);
  const match = /tps = ([\d.]+) \((without|excluding)/.exec(result.stdout);
  if (!match) throw new Error(`cannot read pgbench output: ${result.stdout}`);
  return Number(match[1]);
}
