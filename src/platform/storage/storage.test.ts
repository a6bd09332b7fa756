import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileStorage, LocalFileStorage, S3FileStorage } from './index.js';
import { sha256Hex, signV4 } from './sigv4.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'motcua-storage-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('LocalFileStorage', () => {
  it('stores a stream under a random sharded key with its size and SHA-256', async () => {
    const storage = new LocalFileStorage(root);
    const stored = await storage.put(Readable.from([Buffer.from('Giấy '), Buffer.from('phép')]));
    expect(stored.key).toMatch(/^[0-9a-f]{32}$/);
    expect(stored.size).toBe(Buffer.byteLength('Giấy phép'));
    expect(stored.sha256).toBe(sha256Hex('Giấy phép'));
    const file = path.join(
      root,
      'objects',
      stored.key.slice(0, 2),
      stored.key.slice(2, 4),
      stored.key,
    );
    expect((await readdir(path.dirname(file))).includes(stored.key)).toBe(true);
    expect(await text(await storage.get(stored.key))).toBe('Giấy phép');
    expect(await storage.exists(stored.key)).toBe(true);
    await storage.delete(stored.key);
    expect(await storage.exists(stored.key)).toBe(false);
    await expect(storage.get(stored.key)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses keys that are not its own ids, so no key can reach outside the directory', async () => {
    const storage = new LocalFileStorage(root);
    for (const key of ['../../etc/passwd', '/etc/passwd', 'ab/../../x', `${'a'.repeat(31)}/`, '']) {
      await expect(storage.get(key)).rejects.toMatchObject({ code: 'not_found' });
      expect(await storage.exists(key)).toBe(false);
      await storage.delete(key);
    }
  });

  it('leaves nothing behind when a put is aborted mid-stream', async () => {
    const storage = new LocalFileStorage(root);
    const before = await readdir(path.join(root, 'tmp')).catch(() => []);
    const inspect = (chunk: Buffer) => {
      if (chunk.toString() === 'two') throw new Error('stop');
    };
    await expect(
      storage.put(Readable.from([Buffer.from('one'), Buffer.from('two')]), { inspect }),
    ).rejects.toThrow('stop');
    expect(await readdir(path.join(root, 'tmp'))).toEqual(before);
  });

  it('leaves nothing behind when the first chunk is refused, before the file is even open', async () => {
    // The refusal can come before the temporary file's asynchronous open completes; the put
    // must not answer until that file is closed and removed, or it is left behind.
    const storage = new LocalFileStorage(root);
    const before = await readdir(path.join(root, 'tmp')).catch(() => []);
    const inspect = () => {
      throw new Error('refused');
    };
    // Many at once, so the opens and removals interleave on the thread pool.
    for (let round = 0; round < 10; round++) {
      // allSettled handles every rejection at once (awaiting them one by one would leave the
      // later ones unhandled while the first is awaited).
      const outcomes = await Promise.allSettled(
        Array.from({ length: 25 }, () => storage.put(Buffer.from('not a pdf'), { inspect })),
      );
      for (const outcome of outcomes)
        expect(outcome).toMatchObject({ status: 'rejected', reason: { message: 'refused' } });
      expect(await readdir(path.join(root, 'tmp'))).toEqual(before);
    }
  });

  it('keeps 100 concurrent puts apart, each readable with its own content', async () => {
    const storage = new LocalFileStorage(root);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        storage.put(Buffer.from(`tệp số ${i}`.repeat(100 + i))),
      ),
    );
    expect(new Set(results.map((r) => r.key)).size).toBe(100);
    const contents = await Promise.all(results.map(async (r) => text(await storage.get(r.key))));
    contents.forEach((content, i) => {
      expect(content).toBe(`tệp số ${i}`.repeat(100 + i));
      expect(results[i]!.sha256).toBe(sha256Hex(content));
    });
  });
});

describe('createFileStorage', () => {
  it('uses the local directory unless S3_BUCKET is set', () => {
    expect(createFileStorage({ storageDir: root }, {}).kind).toBe('local');
    const s3 = createFileStorage(
      { storageDir: root },
      {
        S3_BUCKET: 'b',
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        S3_ACCESS_KEY_ID: 'k',
        S3_SECRET_ACCESS_KEY: 's',
      },
    );
    expect(s3.kind).toBe('s3');
  });

  it('refuses a half-configured S3 store instead of falling back to local disk', () => {
    expect(() => createFileStorage({ storageDir: root }, { S3_BUCKET: 'b' })).toThrow(
      /S3_ENDPOINT/,
    );
  });
});

/**
 * A stand-in S3 server that checks each request's Signature V4 from what actually arrived on
 * the wire (method, path, query, headers, body hash), the way S3 does, and keeps objects in
 * memory.
 */
async function startFakeS3(
  secret: string,
): Promise<{ server: Server; url: string; objects: Map<string, Buffer>; seen: string[] }> {
  const objects = new Map<string, Buffer>();
  const seen: string[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const auth = String(req.headers.authorization ?? '');
    const match =
      /Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request,SignedHeaders=([^,]+),Signature=([0-9a-f]{64})/.exec(
        auth,
      );
    const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
    if (!match || payloadHash !== sha256Hex(body)) {
      res.writeHead(403).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
      return;
    }
    const [, accessKeyId, , region, signedHeaders, signature] = match;
    const headers: Record<string, string> = {};
    for (const name of signedHeaders!.split(';')) headers[name] = String(req.headers[name] ?? '');
    const amz = headers['x-amz-date']!;
    const date = new Date(
      `${amz.slice(0, 4)}-${amz.slice(4, 6)}-${amz.slice(6, 8)}T${amz.slice(9, 11)}:${amz.slice(11, 13)}:${amz.slice(13, 15)}Z`,
    );
    const expected = signV4({
      method: req.method!,
      url: new URL(req.url!, `http://${req.headers.host}`),
      headers,
      payloadHash,
      region: region!,
      service: 's3',
      credentials: { accessKeyId: accessKeyId!, secretAccessKey: secret },
      date,
    });
    if (expected.signature !== signature) {
      res.writeHead(403).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
      return;
    }
    seen.push(`${req.method} ${req.url}`);
    const key = decodeURIComponent(req.url!.split('?')[0]!);
    if (req.method === 'PUT') {
      objects.set(key, body);
      res.writeHead(200).end();
    } else if (req.method === 'GET' || req.method === 'HEAD') {
      const object = objects.get(key);
      if (!object) res.writeHead(404).end();
      else
        res
          .writeHead(200, { 'content-length': object.length })
          .end(req.method === 'GET' ? object : undefined);
    } else if (req.method === 'DELETE') {
      objects.delete(key);
      res.writeHead(204).end();
    } else res.writeHead(405).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    seen,
  };
}

describe('S3FileStorage', () => {
  it('puts, checks, gets and deletes objects with requests a SigV4-checking server accepts', async () => {
    const fake = await startFakeS3('secret-key');
    try {
      const storage = new S3FileStorage({
        endpoint: fake.url,
        bucket: 'ho-so',
        region: 'ap-southeast-1',
        prefix: 'motcua/',
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret-key' },
      });
      const stored = await storage.put(
        Readable.from([Buffer.from('Phiếu '), Buffer.from('kiểm soát')]),
        { mime: 'application/pdf' },
      );
      expect(stored.sha256).toBe(sha256Hex('Phiếu kiểm soát'));
      expect([...fake.objects.keys()]).toEqual([`/ho-so/motcua/${stored.key}`]);
      expect(await storage.exists(stored.key)).toBe(true);
      expect(await text(await storage.get(stored.key))).toBe('Phiếu kiểm soát');
      await storage.delete(stored.key);
      expect(await storage.exists(stored.key)).toBe(false);
      await expect(storage.get(stored.key)).rejects.toMatchObject({ code: 'not_found' });
      expect(fake.seen[0]).toMatch(/^PUT \/ho-so\/motcua\/[0-9a-f]{32}$/);
    } finally {
      fake.server.close();
    }
  });

  it('reports a signature refused by the server as storage_unavailable', async () => {
    const fake = await startFakeS3('the-real-secret');
    try {
      const storage = new S3FileStorage({
        endpoint: fake.url,
        bucket: 'ho-so',
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'a-wrong-secret' },
      });
      await expect(storage.put(Buffer.from('x'))).rejects.toMatchObject({
        code: 'storage_unavailable',
        message: expect.stringContaining('SignatureDoesNotMatch'),
      });
    } finally {
      fake.server.close();
    }
  });

  it('builds virtual-hosted URLs when path style is off', () => {
    const storage = new S3FileStorage({
      endpoint: 'https://s3.ap-southeast-1.amazonaws.com',
      bucket: 'ho-so',
      region: 'ap-southeast-1',
      pathStyle: false,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    expect(storage.objectUrl('0123456789abcdef0123456789abcdef').toString()).toBe(
      'https://ho-so.s3.ap-southeast-1.amazonaws.com/0123456789abcdef0123456789abcdef',
    );
  });
});
