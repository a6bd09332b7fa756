import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import { link, mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type {
  SignatureRecord,
  Signer,
  SignerIdentity,
  SignResult,
  VerifyResult,
} from './signer.js';

const generateRsaKeyPair = promisify(generateKeyPair);

/** The line that separates the PDF from the appended signature record. */
const MARKER = Buffer.from('\n%MOTCUA-LOCAL-TEST-SIGNATURE ');
const ALGORITHM = 'RSA-SHA256 (PKCS#1 v1.5) over the SHA-256 of the document';
export const LOCAL_TEST_SUBJECT =
  'CN=Một Cửa local test signer — NOT LEGALLY VALID (không có giá trị pháp lý)';

interface Keys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  fingerprint: string;
}

/**
 * The local test signer: an RSA-2048 key pair generated once into `<dir>/local-test-signer.pem`
 * signs the document's SHA-256 together with the signer's name, title, unit and the time. The
 * record is appended to the PDF after `%%EOF` as a comment line (readers ignore it) and also
 * returned for the database. It proves the file was not changed since this installation signed
 * it; it is NOT a legally valid digital signature (no certificate from a licensed CA, no
 * embedded CMS/PAdES signature), and every record says so (`legallyValid: false`).
 */
export class LocalTestSigner implements Signer {
  readonly provider = 'local-test';
  private readonly dir: string;
  private keys: Promise<Keys> | undefined;
  private readonly now: () => Date;

  constructor(dir: string, now: () => Date = () => new Date()) {
    this.dir = path.resolve(dir);
    this.now = now;
  }

  /** SHA-256 (hex) of this installation's public key (DER, SPKI). */
  async fingerprint(): Promise<string> {
    return (await this.loadKeys()).fingerprint;
  }

  async sign(pdf: Buffer, signer: SignerIdentity): Promise<SignResult> {
    if (pdf.indexOf(MARKER) >= 0)
      throw new Error('the document already carries a local test signature');
    const { privateKey, fingerprint } = await this.loadKeys();
    const unsigned: Omit<SignatureRecord, 'value'> = {
      provider: this.provider,
      algorithm: ALGORITHM,
      certificateSubject: LOCAL_TEST_SUBJECT,
      certificateFingerprint: fingerprint,
      signedAt: vietnamTime(this.now()),
      digest: sha256(pdf),
      signer: { name: signer.name, title: signer.title, unit: signer.unit },
      legallyValid: false,
    };
    const value = sign('sha256', signedPayload(unsigned), privateKey).toString('base64');
    const signature: SignatureRecord = { ...unsigned, value };
    const encoded = Buffer.from(JSON.stringify(signature), 'utf8').toString('base64');
    const trailer = Buffer.concat([MARKER, Buffer.from(encoded, 'latin1'), Buffer.from('\n')]);
    return { signedPdf: Buffer.concat([pdf, trailer]), signature };
  }

  async verify(signedPdf: Buffer, detached?: SignatureRecord): Promise<VerifyResult> {
    const at = signedPdf.lastIndexOf(MARKER);
    let record: SignatureRecord | undefined = detached;
    let document = signedPdf;
    if (at >= 0) {
      document = signedPdf.subarray(0, at);
      if (!record) {
        try {
          const encoded = signedPdf
            .subarray(at + MARKER.length)
            .toString('latin1')
            .trim();
          record = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as SignatureRecord;
        } catch {
          return { valid: false, reason: 'bad_signature' };
        }
      }
    }
    if (!record) return { valid: false, reason: 'not_signed' };
    const { publicKey, fingerprint } = await this.loadKeys();
    if (record.certificateFingerprint !== fingerprint)
      return { valid: false, reason: 'unknown_key', signature: record };
    if (sha256(document) !== record.digest)
      return { valid: false, reason: 'modified', signature: record };
    const { value, ...unsigned } = record;
    let ok = false;
    try {
      ok = verify(
        'sha256',
        signedPayload(unsigned),
        publicKey,
        Buffer.from(String(value), 'base64'),
      );
    } catch {
      ok = false;
    }
    return ok
      ? { valid: true, signature: record }
      : { valid: false, reason: 'bad_signature', signature: record };
  }

  private loadKeys(): Promise<Keys> {
    this.keys ??= loadOrCreateKeys(this.dir);
    return this.keys;
  }
}

/** The exact bytes signed: every field of the record but the value, in a fixed order. */
function signedPayload(record: Omit<SignatureRecord, 'value'>): Buffer {
  return Buffer.from(
    JSON.stringify([
      record.provider,
      record.algorithm,
      record.certificateSubject,
      record.certificateFingerprint,
      record.signedAt,
      record.digest,
      record.signer.name,
      record.signer.title,
      record.signer.unit,
      record.legallyValid,
    ]),
    'utf8',
  );
}

async function loadOrCreateKeys(dir: string): Promise<Keys> {
  const file = path.join(dir, 'local-test-signer.pem');
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
    const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temporary, 'wx', 0o600);
    await handle.writeFile(privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await handle.close();
    // Several processes may start at once: link() fails when the key already exists, so the
    // first key written wins and everybody reads that one.
    try {
      await link(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await rm(temporary, { force: true });
    }
    pem = await readFile(file, 'utf8');
  }
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const fingerprint = sha256(publicKey.export({ type: 'spki', format: 'der' }));
  return { privateKey, publicKey, fingerprint };
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function vietnamTime(date: Date): string {
  return `${new Date(date.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 19)}+07:00`;
}
