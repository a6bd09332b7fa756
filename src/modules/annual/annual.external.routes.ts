import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ExternalIndex } from '../../domain/annual/external.js';
import type { AppContext } from '../../platform/context.js';
import { requireStaff } from '../auth/index.js';
import {
  deleteExternal,
  externalTrendsOf,
  importExternal,
  listExternal,
  saveExternal,
} from './annual.external.js';
import {
  ExternalBody,
  ExternalImportBody,
  ExternalImportResponse,
  ExternalListResponse,
  ExternalParams,
  ExternalRecordSchema,
  ExternalTrendsResponse,
} from './annual.external.schemas.js';
import { managesTenant } from './annual.policy.js';

const tags = ['annual-index'];

/**
 * External results (PAR INDEX, SIPAS, PAPI, PCI… of the province): public trends under
 * /api/public/annual/external; the reform office (tenant-wide) records them under
 * /api/annual/external, other staff read them.
 */
export async function annualExternalRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const acting = (request: FastifyRequest) => ({
    ctx,
    tenantId: request.tenantId,
    actor: request.actor!,
    requestId: String(request.id),
  });

  r.get(
    '/public/annual/external',
    {
      schema: {
        tags,
        summary: "The province's results in national indices, as a trend per index",
        description:
          'Each year against the previous one present: score change and places; when the number of provinces ranked changed (63 → 34) the rank is not compared in places.',
        response: { 200: ExternalTrendsResponse },
      },
    },
    async (request) => externalTrendsOf({ ctx, tenantId: request.tenantId }),
  );

  r.get(
    '/annual/external',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary: 'External results recorded, with their trends',
        response: { 200: ExternalListResponse },
      },
    },
    async (request) => ({
      manages: await managesTenant(ctx.db, request.actor!, request.tenantId),
      ...(await listExternal(acting(request))),
      ...(await externalTrendsOf(acting(request))),
    }),
  );

  r.post(
    '/annual/external/import',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary: 'Import external results from CSV (index,year,score,rank,out_of,note)',
        description:
          'Reform office tenant-wide. All or nothing: 422 import_invalid lists each bad row and column; a row for a recorded (index, year) replaces it.',
        body: ExternalImportBody,
        response: { 200: ExternalImportResponse },
      },
    },
    async (request) => importExternal({ ...acting(request), csv: request.body.csv }),
  );

  r.put(
    '/annual/external/:index/:year',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary: 'Record or correct the result of one index and year (reform office)',
        description:
          '400 validation_failed names each bad field (rank above out_of, score out of 0..100…).',
        params: ExternalParams,
        body: ExternalBody,
        response: { 200: ExternalRecordSchema },
      },
    },
    async (request) =>
      saveExternal({
        ...acting(request),
        result: {
          index: request.params.index as ExternalIndex,
          year: request.params.year,
          score: request.body.score,
          rank: request.body.rank,
          outOf: request.body.outOf,
          note: request.body.note ?? null,
        },
      }),
  );

  r.delete(
    '/annual/external/:index/:year',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary: 'Remove the result of one index and year (reform office)',
        params: ExternalParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deleteExternal({ ...acting(request), ...request.params });
      return reply.code(204).send(null);
    },
  );
}
