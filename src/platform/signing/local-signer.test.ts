import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalTestSigner } from './local-signer.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-signing-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);
const leader = { name: 'Nguyễn Văn An', title: 'Phó Giám đốc', unit: 'Sở Tư pháp tỉnh Lai Châu' };
const at = new Date('2025-01-24T03:15:00Z');

describe('LocalTestSigner', () => {
  it('signs a PDF and verifies it, with a record that says it is a local test signature', async () => {
    const signer = new LocalTestSigner(dir, () => at);
    const { signedPdf, signature } = await signer.sign(pdf, leader);
    expect(signedPdf.subarray(0, pdf.length).equals(pdf)).toBe(true);
    expect(signature).toMatchObject({
      provider: 'local-test',
      legallyValid: false,
      signedAt: '2025-01-24T10:15:00+07:00',
      signer: leader,
      certificateSubject: expect.stringContaining('NOT LEGALLY VALID'),
      certificateFingerprint: await signer.fingerprint(),
    });
    expect(await signer.verify(signedPdf)).toEqual({ valid: true, signature });
    expect(await signer.verify(signedPdf, signature)).toMatchObject({ valid: true });
  });

  it('catches a modified document', async () => {
    const signer = new LocalTestSigner(dir, () => at);
    const { signedPdf, signature } = await signer.sign(pdf, leader);
    const tampered = Buffer.from(signedPdf);
    tampered[20] = tampered[20]! ^ 0x01;
    expect(await signer.verify(tampered)).toMatchObject({ valid: false, reason: 'modified' });
    const trimmed = Buffer.concat([pdf.subarray(0, 10), signedPdf.subarray(pdf.length)]);
    expect(await signer.verify(trimmed)).toMatchObject({ valid: false, reason: 'modified' });
    expect(await signer.verify(Buffer.concat([pdf, Buffer.from('x')]), signature)).toMatchObject({
      valid: false,
      reason: 'modified',
    });
  });

  it('catches a record whose signer or time was edited', async () => {
    const signer = new LocalTestSigner(dir, () => at);
    const { signedPdf, signature } = await signer.sign(pdf, leader);
    const original = signedPdf.subarray(0, pdf.length);
    const forged = { ...signature, signer: { ...leader, name: 'Người khác' } };
    expect(await signer.verify(original, forged)).toMatchObject({
      valid: false,
      reason: 'bad_signature',
    });
    expect(
      await signer.verify(original, { ...signature, signedAt: '2025-02-01T08:00:00+07:00' }),
    ).toMatchObject({ valid: false, reason: 'bad_signature' });
  });

  it('refuses a signature made with another installation’s key', async () => {
    const otherDir = await mkdtemp(path.join(os.tmpdir(), 'motcua-signing-other-'));
    try {
      const other = new LocalTestSigner(otherDir, () => at);
      const { signedPdf } = await other.sign(pdf, leader);
      expect(await new LocalTestSigner(dir).verify(signedPdf)).toMatchObject({
        valid: false,
        reason: 'unknown_key',
      });
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it('answers not_signed for an unsigned document', async () => {
    expect(await new LocalTestSigner(dir).verify(pdf)).toEqual({
      valid: false,
      reason: 'not_signed',
    });
  });

  it('generates the key once, private to the owner, and every instance (also concurrent ones) uses it', async () => {
    const fresh = await mkdtemp(path.join(os.tmpdir(), 'motcua-signing-fresh-'));
    try {
      const fingerprints = await Promise.all(
        Array.from({ length: 5 }, () => new LocalTestSigner(fresh).fingerprint()),
      );
      expect(new Set(fingerprints).size).toBe(1);
      const file = path.join(fresh, 'local-test-signer.pem');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(await readFile(file, 'utf8')).toContain('BEGIN PRIVATE KEY');
      expect(await new LocalTestSigner(fresh).fingerprint()).toBe(fingerprints[0]);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
