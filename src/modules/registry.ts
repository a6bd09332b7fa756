import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.js';
import { annualModule } from './annual/index.js';
import { authModule } from './auth/index.js';
import { calendarModule } from './calendar/index.js';
import { catalogueModule } from './catalogue/index.js';
import { dossiersModule } from './dossiers/index.js';
import { feedbackModule } from './feedback/index.js';
import { filesModule } from './files/index.js';
import { indicesModule } from './indices/index.js';
import { orgModule } from './org/index.js';
import { paymentsModule } from './payments/index.js';
import { portalModule } from './portal/index.js';
import { publicInfoModule } from './publicinfo/index.js';
import { registersModule } from './registers/index.js';
import { scorecardsModule } from './scorecards/index.js';
import { usersModule } from './users/index.js';

/**
 * A capability plugged into the server: its routes (under /api) and, optionally, background
 * work started with the server. A capability (annual index, feedback, governance registers,
 * public information, scorecards) adds itself to MODULES and touches nothing else.
 */
export interface AppModule {
  name: string;
  routes?: (app: FastifyInstance, ctx: AppContext) => Promise<void>;
}

export const MODULES: AppModule[] = [
  authModule,
  usersModule,
  orgModule,
  calendarModule,
  catalogueModule,
  paymentsModule,
  portalModule,
  filesModule,
  indicesModule,
  dossiersModule,
  feedbackModule,
  scorecardsModule,
  annualModule,
  publicInfoModule,
  registersModule,
];
