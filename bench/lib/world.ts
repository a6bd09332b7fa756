import { buildWorld } from '../../src/modules/dossiers/dossier.test-support.js';
import { createApiToken } from '../../src/platform/auth/session.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';

export interface BenchWorld {
  tenantCode: string;
  receivingUnitId: number;
  procedureCode: string;
  tokens: { counter: string; specialist: string; leader: string };
}

/**
 * A tenant with a service centre, a processing department, one officer per role and a
 * five-day procedure with a four-step template (the same small world the dossier tests use),
 * plus API tokens so the load client needs no browser session.
 */
export async function createBenchWorld(
  databaseUrl: string,
  tenantCode: string,
): Promise<BenchWorld> {
  const database = await openDatabase({ databaseUrl, poolSize: 2 });
  try {
    await migrate(database);
    const world = await buildWorld(database, { tenantCode });
    const now = new Date();
    const token = async (userId: number) =>
      (await createApiToken(database.db, { tenantId: world.tenantId, userId, name: 'bench', now }))
        .token;
    return {
      tenantCode,
      receivingUnitId: world.units.centre,
      procedureCode: world.procedureCode,
      tokens: {
        counter: await token(world.users.counter.id),
        specialist: await token(world.users.specialist.id),
        leader: await token(world.users.leader.id),
      },
    };
  } finally {
    await database.close();
  }
}
