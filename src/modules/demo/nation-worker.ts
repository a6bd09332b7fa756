import { parentPort, workerData } from 'node:worker_threads';
import type { DayRules, WorkingCalendar } from '../../domain/calendar/index.js';
import { WorkTable } from './nation-calendar.js';
import { NationDossierGenerator, type NationDossierInput } from './nation-dossiers.js';
import { Rng } from './rng.js';

/**
 * A province's dossiers generated in a worker thread (nation-load.ts starts one per province,
 * a few at a time): the generator is plain CPU work, so the provinces of the nation are made in
 * parallel while the main thread streams their chunks to PostgreSQL on its one connection.
 */

/** What the loader sends: the generator's input with the calendar as plain day rules. */
export interface NationWorkerJob {
  input: Omit<NationDossierInput, 'rng' | 'table'>;
  seed: string;
  calendar: { timezone: string; firstDay: number; rules: DayRules[] };
  chunk: number;
}

/** Messages from the worker: chunks of COPY text, then the aggregates and the summary. */
export type NationWorkerMessage =
  | { kind: 'chunk'; id: number; dossiers: string; events: string; counters: string; done: number }
  | {
      kind: 'end';
      unitDay: string;
      procedureMonth: string;
      summary: NationDossierGenerator['summary'];
    };

/** A calendar answering from day rules computed by the loader's own calendar. */
export function calendarFromRules(data: NationWorkerJob['calendar']): WorkingCalendar {
  return {
    timezone: data.timezone,
    rules(day: number) {
      const rules = data.rules[day - data.firstDay];
      if (!rules)
        throw new Error(`nation demo: day ${day} outside the calendar sent to the worker`);
      return rules;
    },
    statusOf: () => undefined,
  };
}

async function run(job: NationWorkerJob): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('nation worker: no parent port');
  const last = job.calendar.firstDay + job.calendar.rules.length - 1;
  const generator = new NationDossierGenerator({
    ...job.input,
    rng: new Rng(job.seed),
    table: new WorkTable(calendarFromRules(job.calendar), job.calendar.firstDay, last),
  });
  // At most two chunks waiting for the loader: it acknowledges each one once copied.
  const acked = new Set<number>();
  let wake: (() => void) | null = null;
  port.on('message', (id: number) => {
    acked.add(id);
    wake?.();
  });
  let next = 0;
  const send = async () => {
    const id = next++;
    const message: NationWorkerMessage = {
      kind: 'chunk',
      id,
      dossiers: generator.takeDossiers(),
      events: generator.takeEvents(),
      counters: generator.takeCounters(),
      done: generator.summary.dossiers,
    };
    port.postMessage(message);
    while (id >= 1 && !acked.has(id - 1))
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
  };
  while (generator.nextDay()) if (generator.pendingDossiers >= job.chunk) await send();
  await send();
  const aggregates = generator.takeAggregates();
  const end: NationWorkerMessage = { kind: 'end', ...aggregates, summary: generator.summary };
  port.postMessage(end);
}

if (parentPort && workerData) await run(workerData as NationWorkerJob);
