import { rmSync } from 'node:fs';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';

export interface DataDirLock {
  release(): Promise<void>;
}

const LOCK_NAME = '.motcua.lock';

/**
 * Takes the embedded data directory for this process alone. PGlite itself takes no lock, and
 * two processes writing one directory corrupt it, so a second process gets `data_dir_locked`.
 * A lock left by a process that no longer runs (a crash, kill -9) is taken over.
 */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      let released = false;
      const releaseSync = () => {
        if (!released) {
          released = true;
          // Only synchronous work runs on 'exit'; a lock left by a crash is taken over anyway.
          rmSync(file, { force: true });
        }
      };
      process.once('exit', releaseSync);
      return {
        async release() {
          if (released) return;
          released = true;
          process.off('exit', releaseSync);
          await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new AppError('data_dir_locked', {
          message: `The data directory ${dataDir} is in use by process ${holder}`,
          details: { dataDir, pid: holder },
        });
      }
      if (holder === process.pid) {
        throw new AppError('data_dir_locked', {
          message: `The data directory ${dataDir} is already open in this process`,
          details: { dataDir },
        });
      }
      await rm(file, { force: true });
    }
  }
  throw new AppError('data_dir_locked', { details: { dataDir } });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
