import pino from 'pino';
import { describe, expect, it } from 'vitest';
import {
  decryptField,
  encryptField,
  lookupHash,
  maskEmail,
  maskIdNumber,
  maskingLoggerOptions,
  maskLogObject,
  maskPersonalData,
  maskPhone,
  protectField,
} from './index.js';

const KEY = 'a-test-secret-key-of-more-than-32-characters';

describe('field encryption', () => {
  it('round-trips Vietnamese text and never stores the plaintext', () => {
    const enc = encryptField(KEY, '001203004567', 'id_number');
    expect(enc).toMatch(/^v1\./);
    expect(enc).not.toContain('001203004567');
    expect(decryptField(KEY, enc, 'id_number')).toBe('001203004567');
    expect(decryptField(KEY, encryptField(KEY, 'Nguyễn Thị Ánh'), '')).toBe('Nguyễn Thị Ánh');
  });

  it('uses a fresh IV: the same value encrypts differently each time', () => {
    expect(encryptField(KEY, '0912345678')).not.toBe(encryptField(KEY, '0912345678'));
  });

  it('refuses a tampered ciphertext, a wrong key and a ciphertext moved to another column', () => {
    const enc = encryptField(KEY, '0912345678', 'phone');
    const parts = enc.split('.');
    const body = Buffer.from(parts[2]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[2] = body.toString('base64url');
    expect(() => decryptField(KEY, parts.join('.'), 'phone')).toThrow();
    expect(() => decryptField(`${KEY}x`, enc, 'phone')).toThrow();
    expect(() => decryptField(KEY, enc, 'id_number')).toThrow();
  });

  it('gives a stable keyed look-up hash that differs by purpose and key', () => {
    expect(lookupHash(KEY, 'phone', '0912345678')).toBe(lookupHash(KEY, 'phone', '0912345678'));
    expect(lookupHash(KEY, 'phone', '0912345678')).not.toBe(
      lookupHash(KEY, 'id_number', '0912345678'),
    );
    expect(lookupHash(KEY, 'phone', '0912345678')).not.toBe(
      lookupHash(`${KEY}x`, 'phone', '0912345678'),
    );
    expect(protectField(KEY, 'phone', '')).toEqual({ enc: null, hash: null });
    const p = protectField(KEY, 'phone', '0912345678');
    expect(decryptField(KEY, p.enc!, 'phone')).toBe('0912345678');
    expect(p.hash).toBe(lookupHash(KEY, 'phone', '0912345678'));
  });
});

describe('masking', () => {
  it('masks phone numbers, ID numbers and e-mail addresses', () => {
    expect(maskPhone('0912345678')).toBe('091****678');
    expect(maskPhone('+84912345678')).toBe('+8491****678');
    expect(maskIdNumber('001203004567')).toBe('001******567');
    expect(maskEmail('nguyen.van.a@gmail.com')).toBe('n***@gmail.com');
  });

  it('masks personal data inside free text and log objects, leaving codes and dates alone', () => {
    const text =
      'Công dân 0912345678, CCCD 001203004567, email an@x.vn, hồ sơ 000.00.12.H40-250124-0001 ngày 2025-01-24, mã 123456';
    expect(maskPersonalData(text)).toBe(
      'Công dân 091****678, CCCD 001******567, email a***@x.vn, hồ sơ 000.00.12.H40-250124-0001 ngày 2025-01-24, mã 123456',
    );
    expect(
      maskLogObject({
        req: { url: '/api/x?phone=0912345678' },
        n: 912345678,
        nested: ['+84987654321'],
      }),
    ).toEqual({
      req: { url: '/api/x?phone=091****678' },
      n: 912345678,
      nested: ['+8498****321'],
    });
  });
});

describe('server logger', () => {
  it('writes no phone or ID number in a log line, in objects or in the message', () => {
    const lines: string[] = [];
    const logger = pino({ ...maskingLoggerOptions }, { write: (line: string) => lines.push(line) });
    logger.info(
      { applicant: { phone: '0912345678', idNumber: '001203004567' } },
      'called %s',
      '0987654321',
    );
    logger.info('citizen +84912345678 signed in');
    const out = lines.join('');
    expect(out).not.toMatch(/0912345678|001203004567|0987654321|\+84912345678/);
    expect(out).toContain('091****678');
    expect(out).toContain('001******567');
    expect(out).toContain('098****321');
  });

  it('logs what a request and its answer were, masked, and errors without personal data', () => {
    const lines: string[] = [];
    const logger = pino({ ...maskingLoggerOptions }, { write: (line: string) => lines.push(line) });
    // Fastify's request and reply are class instances whose fields are getters: the request log
    // must keep them (it once wrote `"req":{}`), with the personal data in the address masked.
    class Request {
      get method() {
        return 'GET';
      }
      get url() {
        return '/api/public/dossiers?phone=0912345678';
      }
      get ip() {
        return '127.0.0.1';
      }
      socket = { remotePort: 5123, server: { connections: new Array(1000).fill({}) } };
    }
    class Reply {
      get statusCode() {
        return 404;
      }
    }
    logger.info({ req: new Request() }, 'incoming request');
    logger.info({ res: new Reply(), responseTime: 2 }, 'request completed');
    const error = Object.assign(new Error('no dossier for 0912345678'), { code: 'not_found' });
    logger.error({ err: error }, 'failed');
    const [incoming, completed, failed] = lines.map((line) => JSON.parse(line));
    expect(incoming.req).toEqual({
      method: 'GET',
      url: '/api/public/dossiers?phone=091****678',
      remoteAddress: '127.0.0.1',
      remotePort: 5123,
    });
    expect(completed.res).toEqual({ statusCode: 404 });
    expect(failed.err).toMatchObject({
      type: 'Error',
      code: 'not_found',
      message: 'no dossier for 091****678',
    });
    expect(lines.join('')).not.toContain('0912345678');
  });
});
