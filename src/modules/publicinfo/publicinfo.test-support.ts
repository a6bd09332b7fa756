import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.js';
import { buildApp } from '../../platform/http/app.js';
import { authModule } from '../auth/index.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { buildWorld, type DossierWorld } from '../dossiers/dossier.test-support.js';
import { publicInfoModule } from './index.js';

type Key = 'reform' | 'justiceReform' | 'justiceLeader' | 'constructionAdmin' | 'specialist';

/**
 * The public-information routes over a small world: the reform office over the province, a
 * reform officer of the Department of Justice, a leader over the Department of Justice, an administrator over the Department of Construction
 * and a specialist (no managing role). `at` moves the clock and signs everyone in again.
 */
export interface PublicInfoWorld {
  w: DossierWorld;
  app: FastifyInstance;
  s: Record<Key, TestSession>;
  pub: () => Record<string, string>;
  at: (iso: string) => Promise<void>;
}

export async function buildPublicInfoWorld(
  database: Database,
  now: string,
): Promise<PublicInfoWorld> {
  const w = await buildWorld(database);
  const app = await buildApp({
    ctx: w.ctx,
    modules: [authModule, publicInfoModule],
    logger: false,
  });
  await app.ready();
  const grants: Array<[Key, 'reform_office' | 'leader' | 'administrator' | 'specialist', number]> =
    [
      ['reform', 'reform_office', w.units.province],
      ['justiceReform', 'reform_office', w.units.justice],
      ['justiceLeader', 'leader', w.units.justice],
      ['constructionAdmin', 'administrator', w.units.construction],
      ['specialist', 'specialist', w.units.justice],
    ];
  const users = await Promise.all(
    grants.map(async ([key, role, unitId]) => ({
      key,
      user: await createUser(w.ctx.db, { tenantId: w.tenantId, role, unitId }),
    })),
  );
  const world: PublicInfoWorld = {
    w,
    app,
    s: {} as Record<Key, TestSession>,
    pub: () => ({ 'x-motcua-tenant': w.tenantCode, 'x-test-no-limit': '1' }),
    at: async (iso) => {
      w.ctx.clock.now = new Date(iso);
      for (const { key, user } of users)
        world.s[key] = await signIn(app, user.username, user.password, { tenant: w.tenantCode });
    },
  };
  await world.at(now);
  return world;
}
