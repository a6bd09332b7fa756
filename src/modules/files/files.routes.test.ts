import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config.js';
import { type AppContext, createContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { fileStorageFor } from '../../platform/storage/index.js';
import { makeDocx, makePdf } from '../../platform/storage/testing.js';
import { authModule } from '../auth/index.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { insertUnit } from '../org/org.repository.js';
import { claimUploadedFiles, purgeUnclaimedUploads, storeGeneratedFile } from './files.service.js';
import { filesModule } from './index.js';

let database: Database;
let ctx: AppContext;
let app: FastifyInstance;
let storageDir: string;
let tenantId: number;
let officer: TestSession;
let other: TestSession;
let officerId: number;
const clock = new Date('2025-01-24T03:00:00Z');

/** A multipart/form-data body as a browser would send it. */
function multipart(
  parts: Array<{ name: string; filename?: string; type?: string; content: Buffer | string }>,
) {
  const boundary = '----motcua-test-boundary';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition =
      part.filename === undefined
        ? `form-data; name="${part.name}"`
        : `form-data; name="${part.name}"; filename="${part.filename}"`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`;
    chunks.push(
      Buffer.from(head, 'utf8'),
      Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

function upload(session: TestSession | null, parts: Parameters<typeof multipart>[0]) {
  const body = multipart(parts);
  return app.inject({
    method: 'POST',
    url: '/api/files',
    payload: body.payload,
    headers: { ...body.headers, ...(session?.headers ?? {}) },
  });
}

async function storedObjects(): Promise<number> {
  const walk = async (dir: string): Promise<number> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    let n = 0;
    for (const e of entries) n += e.isDirectory() ? await walk(path.join(dir, e.name)) : 1;
    return n;
  };
  return walk(path.join(storageDir, 'objects'));
}

beforeAll(async () => {
  storageDir = await mkdtemp(path.join(os.tmpdir(), 'motcua-files-'));
  database = await createTestDatabase();
  ctx = createContext(
    database,
    loadConfig(
      {},
      {
        NODE_ENV: 'test',
        MOTCUA_STORAGE_DIR: storageDir,
        MOTCUA_UPLOAD_MAX_BYTES: String(256 * 1024),
      },
    ),
    () => clock,
  );
  const t = await ctx.db
    .insertInto('tenants')
    .values({ code: 'LCU', name: 'Lai Châu', settings: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  tenantId = t.id;
  const unitId = await insertUnit(ctx.db, {
    tenantId,
    parentId: null,
    kind: 'service_centre',
    level: 'province',
    code: '000.00.12.H40',
    name: 'Trung tâm Phục vụ hành chính công tỉnh',
  });
  const a = await createUser(ctx.db, { tenantId, role: 'counter_officer', unitId });
  const b = await createUser(ctx.db, { tenantId, role: 'counter_officer', unitId });
  officerId = a.id;
  process.env.MOTCUA_UPLOAD_MAX_BYTES = String(256 * 1024);
  app = await buildApp({ ctx, modules: [authModule, filesModule], logger: false });
  await app.ready();
  officer = await signIn(app, a.username);
  other = await signIn(app, b.username);
});

afterAll(async () => {
  delete process.env.MOTCUA_UPLOAD_MAX_BYTES;
  await app?.close();
  await database?.close();
  await rm(storageDir, { recursive: true, force: true });
});

describe('POST /api/files', () => {
  it('stores several files, answers their ids, detected types and fields, and keeps Vietnamese names', async () => {
    const response = await upload(officer, [
      { name: 'note', content: 'bản chụp' },
      {
        name: 'component_1',
        filename: 'Tờ khai đăng ký.pdf',
        type: 'application/pdf',
        content: makePdf(),
      },
      {
        name: 'component_2',
        filename: 'Đơn đề nghị.docx',
        type: 'application/octet-stream',
        content: makeDocx(),
      },
    ]);
    expect(response.statusCode).toBe(201);
    const files = response.json().files;
    expect(files).toHaveLength(2);
    expect(files[0]).toMatchObject({
      name: 'Tờ khai đăng ký.pdf',
      mime: 'application/pdf',
      field: 'component_1',
      createdAt: expect.stringMatching(/\+07:00$/),
    });
    expect(files[1]).toMatchObject({ name: 'Đơn đề nghị.docx', field: 'component_2' });
    expect(files[0]).not.toHaveProperty('storage_key');
  });

  it('refuses anonymous uploads', async () => {
    const response = await upload(null, [{ name: 'f', filename: 'a.pdf', content: makePdf() }]);
    expect(response.statusCode).toBe(401);
  });

  it('refuses a renamed executable with upload_type_rejected and keeps nothing of the request', async () => {
    const before = await storedObjects();
    const response = await upload(officer, [
      { name: 'ok', filename: 'a.pdf', content: makePdf() },
      {
        name: 'bad',
        filename: 'scan.pdf',
        type: 'application/pdf',
        content: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4000)]),
      },
    ]);
    expect(response.statusCode).toBe(415);
    expect(response.json().error).toMatchObject({
      code: 'upload_type_rejected',
      message: 'Loại tệp không được chấp nhận',
      details: { reason: 'unknown_content' },
    });
    expect(await storedObjects()).toBe(before);
  });

  it('refuses a file over the configured limit with upload_too_large', async () => {
    const before = await storedObjects();
    const response = await upload(officer, [
      { name: 'big', filename: 'lon.pdf', content: makePdf('x'.repeat(300 * 1024)) },
    ]);
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('upload_too_large');
    expect(await storedObjects()).toBe(before);
  });

  it('refuses an empty file and a request without files', async () => {
    const empty = await upload(officer, [
      { name: 'f', filename: 'rong.pdf', content: Buffer.alloc(0) },
    ]);
    expect(empty.json().error.code).toBe('upload_empty');
    const none = await upload(officer, [{ name: 'note', content: 'x' }]);
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('validation_failed');
  });

  it('stores a traversal name as a plain display name', async () => {
    const response = await upload(officer, [
      { name: 'f', filename: '../../../etc/passwd.pdf', content: makePdf() },
    ]);
    expect(response.json().files[0].name).toBe('passwd.pdf');
  });
});

describe('GET and DELETE /api/files/:id', () => {
  it('lets the uploader download their own file as an attachment with a UTF-8 name and nosniff', async () => {
    const pdf = makePdf('tải xuống');
    const id = (
      await upload(officer, [{ name: 'f', filename: 'Giấy tờ.pdf', content: pdf }])
    ).json().files[0].id;
    const response = await app.inject({
      method: 'GET',
      url: `/api/files/${id}`,
      headers: officer.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(pdf)).toBe(true);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="Giay to.pdf"; filename*=UTF-8''Gi%E1%BA%A5y%20t%E1%BB%9D.pdf`,
    );
  });

  it('answers not_found to another user, and once the file is claimed', async () => {
    const id = (
      await upload(officer, [{ name: 'f', filename: 'a.pdf', content: makePdf() }])
    ).json().files[0].id;
    expect(
      (await app.inject({ method: 'GET', url: `/api/files/${id}`, headers: other.headers }))
        .statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/files/${id}`, headers: other.headers }))
        .statusCode,
    ).toBe(404);
    const claimed = await claimUploadedFiles({
      db: ctx.db,
      tenantId,
      userId: officerId,
      ids: [id],
      claimedFor: 'dossier:1',
      now: clock,
    });
    expect(claimed[0]).toMatchObject({ id, claimed_for: 'dossier:1' });
    expect(
      (await app.inject({ method: 'GET', url: `/api/files/${id}`, headers: officer.headers }))
        .statusCode,
    ).toBe(404);
  });

  it('deletes the uploader’s unclaimed file, bytes included', async () => {
    const before = await storedObjects();
    const id = (
      await upload(officer, [{ name: 'f', filename: 'a.pdf', content: makePdf() }])
    ).json().files[0].id;
    expect(await storedObjects()).toBe(before + 1);
    const response = await app.inject({
      method: 'DELETE',
      url: `/api/files/${id}`,
      headers: officer.headers,
    });
    expect(response.statusCode).toBe(204);
    expect(await storedObjects()).toBe(before);
  });
});

describe('files service', () => {
  it('claims all or nothing: one foreign or claimed id fails the whole claim', async () => {
    const mine = (
      await upload(officer, [{ name: 'f', filename: 'a.pdf', content: makePdf() }])
    ).json().files[0].id;
    const theirs = (
      await upload(other, [{ name: 'f', filename: 'b.pdf', content: makePdf() }])
    ).json().files[0].id;
    await expect(
      ctx.db.transaction().execute((trx) =>
        claimUploadedFiles({
          db: trx,
          tenantId,
          userId: officerId,
          ids: [mine, theirs],
          claimedFor: 'dossier:2',
          now: clock,
        }),
      ),
    ).rejects.toMatchObject({ code: 'not_found', details: { fileIds: [theirs] } });
    const row = await ctx.db
      .selectFrom('stored_files')
      .select('claimed_at')
      .where('id', '=', mine)
      .executeTakeFirstOrThrow();
    expect(row.claimed_at).toBeNull();
  });

  it('stores a generated file as already claimed', async () => {
    const row = await storeGeneratedFile({
      db: ctx.db,
      storage: fileStorageFor(ctx.config),
      tenantId,
      createdBy: officerId,
      name: 'Mẫu 01.pdf',
      mime: 'application/pdf',
      content: makePdf(),
      claimedFor: 'dossier:3',
      now: clock,
    });
    expect(row).toMatchObject({
      source: 'generated',
      claimed_for: 'dossier:3',
      name: 'Mẫu 01.pdf',
    });
  });

  it('purges uploads nobody claimed within a day, bytes included', async () => {
    const id = (
      await upload(officer, [{ name: 'f', filename: 'cu.pdf', content: makePdf() }])
    ).json().files[0].id;
    const before = await storedObjects();
    const later = new Date(Date.now() + 25 * 3600 * 1000);
    const removed = await purgeUnclaimedUploads({
      db: ctx.db,
      storage: fileStorageFor(ctx.config),
      now: later,
    });
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(
      await ctx.db.selectFrom('stored_files').select('id').where('id', '=', id).executeTakeFirst(),
    ).toBeUndefined();
    expect(await storedObjects()).toBeLessThan(before);
    const generated = await ctx.db
      .selectFrom('stored_files')
      .select('id')
      .where('source', '=', 'generated')
      .execute();
    expect(generated.length).toBeGreaterThan(0);
  });
});
