import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Personal data at rest (citizen ID numbers, phone numbers): AES-256-GCM with a key derived
 * from MOTCUA_SECRET_KEY by HKDF-SHA256, and a separate HKDF key for the keyed HMAC that allows
 * exact look-ups without decrypting (`phone_hash`, `id_number_hash`). One secret in the
 * environment, independent keys per purpose, so the look-up hash leaks nothing about the
 * encryption key. Format of a ciphertext: `v1.<iv>.<ciphertext>.<tag>` (base64url), the version
 * leaving room for key rotation.
 */

const VERSION = 'v1';
const keys = new Map<string, { enc: Buffer; mac: Buffer }>();

function keysFor(secret: string): { enc: Buffer; mac: Buffer } {
  if (!secret) throw new Error('secret key is empty');
  let entry = keys.get(secret);
  if (!entry) {
    const ikm = Buffer.from(secret, 'utf8');
    const salt = Buffer.from('motcua/field-keys');
    entry = {
      enc: Buffer.from(
        hkdfSync('sha256', ikm, salt, Buffer.from('aes-256-gcm personal data v1'), 32),
      ),
      mac: Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('hmac-sha256 lookup v1'), 32)),
    };
    keys.set(secret, entry);
  }
  return entry;
}

/**
 * Encrypts one field. `context` (e.g. `users.phone`) is bound as associated data, so a
 * ciphertext copied into another column does not decrypt there.
 */
export function encryptField(secret: string, plaintext: string, context = ''): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keysFor(secret).enc, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    VERSION,
    iv.toString('base64url'),
    body.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
  ].join('.');
}

/** Decrypts a field written by encryptField; throws when it was tampered with or the key is wrong. */
export function decryptField(secret: string, stored: string, context = ''): string {
  const parts = stored.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('not an encrypted field');
  const [, iv, body, tag] = parts as [string, string, string, string];
  const decipher = createDecipheriv(
    'aes-256-gcm',
    keysFor(secret).enc,
    Buffer.from(iv, 'base64url'),
  );
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(body, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}

/**
 * Keyed HMAC-SHA256 (hex) of a normalised value for exact look-ups. `purpose` separates value
 * spaces (a phone number and an ID number with the same digits hash differently).
 */
export function lookupHash(secret: string, purpose: string, value: string): string {
  return createHmac('sha256', keysFor(secret).mac)
    .update(purpose)
    .update('\u0000')
    .update(value)
    .digest('hex');
}

/** Encrypted value and look-up hash of a field, or nulls for an empty value. */
export function protectField(
  secret: string,
  purpose: string,
  value: string | null | undefined,
): { enc: string | null; hash: string | null } {
  if (value === null || value === undefined || value === '') return { enc: null, hash: null };
  return { enc: encryptField(secret, value, purpose), hash: lookupHash(secret, purpose, value) };
}
