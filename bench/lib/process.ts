import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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
      return sumOverTree(child.pid, (pid) => statusKb(pid, 'VmRSS')) / 1024;
    },
    cpuMs() {
      return sumOverTree(child.pid, processCpuMs);
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

/**
 * A process and its descendants: `motcua serve` and `start` run the server in a child node
 * (bin/motcua.js, for its V8 flags), so what the server uses is the whole tree's.
 */
export function processTree(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${pids[i]}/task`)) {
        const children = readFileSync(`/proc/${pids[i]}/task/${task}/children`, 'utf8');
        for (const child of children.split(' ')) if (child.trim()) pids.push(Number(child));
      }
    } catch {
      // The process ended meanwhile: it has no children left to count.
    }
  }
  return pids;
}

/** The sum of `measure` over a process and its descendants. */
export function sumOverTree(pid: number | undefined, measure: (pid: number) => number): number {
  return processTree(pid).reduce((sum, p) => sum + measure(p), 0);
}

/** A `/proc/<pid>/status` figure in kB (VmRSS, VmHWM), 0 when the process is gone. */
export function statusKb(pid: number, key: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
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
