import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './postgres.js';

export interface Child {
  process: ChildProcess;
  rssMb(): number;
  /** CPU time the process has used so far (user + system), ms; 0 on a system without /proc. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Starts a child process and waits until its output contains `ready` (a string or pattern). */
export async function startChild(
  command: string,
  args: string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 120_000,
): Promise<Child> {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${ready}: ${output.slice(-2000)}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready: ${output.slice(-2000)}`));
    });
  });
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    process: child,
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    },
    cpuMs() {
      return processCpuMs(child.pid);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** CPU time (user + system) a process has used, ms, from /proc (clock ticks of 10 ms). */
export function processCpuMs(pid: number | undefined): number {
  try {
    // The fields after the command name, which may hold spaces: utime and stime are 14 and 15.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/**
 * `motcua serve` of the checkout at `root` on the database at `databaseUrl`, on a free port,
 * with warnings only in its log and `env` on top (rate limits a scenario lifts): the server each
 * HTTP scenario measures, started the way an operator starts it.
 */
export async function startServe(
  root: string,
  databaseUrl: string,
  env: NodeJS.ProcessEnv,
): Promise<Child & { port: number }> {
  const port = await freePort();
  const child = await startChild(
    process.execPath,
    [
      path.join(root, 'bin/motcua.js'),
      'serve',
      '--database-url',
      databaseUrl,
      '--port',
      String(port),
    ],
    /serving on/,
    { LOG_LEVEL: 'warn', ...env },
  );
  return { ...child, port };
}
