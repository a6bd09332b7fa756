import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError, ERRORS, type ErrorCode, toErrorBody } from './errors.js';

const DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/errors.md');

/** The `| code | status | when |` rows of docs/errors.md, code without its backticks. */
async function documentedCodes(): Promise<Map<string, { status: number; when: string }>> {
  const rows = new Map<string, { status: number; when: string }>();
  for (const line of (await readFile(DOC, 'utf8')).split('\n')) {
    const match = /^\|\s*`?([a-z][a-z0-9_]*)`?\s*\|\s*(\d{3})\s*\|\s*(.*?)\s*\|\s*$/.exec(line);
    if (match) rows.set(match[1]!, { status: Number(match[2]), when: match[3]! });
  }
  return rows;
}

describe('the error catalogue', () => {
  it('documents every code in docs/errors.md with its HTTP status and when it happens', async () => {
    const documented = await documentedCodes();
    const missing = Object.keys(ERRORS).filter((code) => !documented.has(code));
    expect(
      missing,
      `add a row "| \`code\` | status | when |" to docs/errors.md for: ${missing.join(', ')}`,
    ).toEqual([]);
    for (const [code, entry] of Object.entries(ERRORS)) {
      const row = documented.get(code)!;
      expect(row.status, `docs/errors.md gives ${code} another status`).toBe(entry.status);
      expect(
        row.when.length,
        `docs/errors.md says nothing about when ${code} happens`,
      ).toBeGreaterThan(5);
    }
  });

  it('has a Vietnamese and an English message for every code, and snake_case codes', () => {
    for (const [code, entry] of Object.entries(ERRORS)) {
      expect(code).toMatch(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/);
      expect(entry.vi.trim().length, code).toBeGreaterThan(0);
      expect(entry.en.trim().length, code).toBeGreaterThan(0);
      expect(entry.status >= 400 && entry.status < 600, code).toBe(true);
    }
  });

  it('answers in the caller language and keeps an operator message apart as details.reason', () => {
    const code: ErrorCode = 'not_found';
    expect(toErrorBody(new AppError(code), 'vi').error).toEqual({
      code,
      message: ERRORS.not_found.vi,
    });
    expect(toErrorBody(new AppError(code), 'en', 'req-1').error).toEqual({
      code,
      message: ERRORS.not_found.en,
      requestId: 'req-1',
    });
    const body = toErrorBody(
      new AppError('validation_failed', {
        message: 'unit 7 has no code',
        details: { field: 'code' },
      }),
      'vi',
    );
    expect(body.error.message).toBe(ERRORS.validation_failed.vi);
    expect(body.error.details).toEqual({ reason: 'unit 7 has no code', field: 'code' });
  });
});
