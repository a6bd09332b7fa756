import type { ThrowawayPostgres } from '../lib/postgres.js';
import type { BenchRow } from '../lib/report.js';
import { importScenario } from './import.js';
import { indexYearScenario } from './index-year.js';
import { liveScenario } from './live.js';
import { lookupScenario } from './lookup.js';
import { startScenario } from './start.js';
import { transitionsScenario } from './transitions.js';

export interface BenchContext {
  root: string;
  pg: ThrowawayPostgres;
  quick: boolean;
  runs: number;
  seconds: number;
  notes: string[];
  /** A prepared national data set to use instead of generating one (`--nation-url=`). */
  nationUrl?: string | undefined;
  /** Dossiers in the national data set (10 million; fewer with --quick). */
  nationDossiers: number;
}

export interface Scenario {
  id: string;
  title: string;
  target: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

export const SCENARIOS: Scenario[] = [
  transitionsScenario,
  liveScenario,
  lookupScenario,
  indexYearScenario,
  importScenario,
  startScenario,
];
