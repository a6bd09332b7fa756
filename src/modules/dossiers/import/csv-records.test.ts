import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecordBatches } from './csv-records.js';

async function records(text: string, chunk = 7) {
  const parts: Buffer[] = [];
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  const out: { line: number; fields: string[] }[] = [];
  for await (const batch of csvRecordBatches(Readable.from(parts))) out.push(...batch);
  return out;
}

describe('csvRecordBatches', () => {
  it('reads plain and quoted fields with line numbers, CRLF and a BOM', async () => {
    const text = '\ufeffa,b,c\r\n1,"x, y",3\r\n2,"say ""hi""",\r\n3,"two\nlines",z\n\n4,,';
    expect(await records(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', '3'] },
      { line: 3, fields: ['2', 'say "hi"', ''] },
      { line: 4, fields: ['3', 'two\nlines', 'z'] },
      { line: 7, fields: ['4', '', ''] },
    ]);
  });

  it('keeps Vietnamese text split across chunk boundaries', async () => {
    expect((await records('ma,ten\n1,Nguyễn Văn Đức\n', 3))[1]?.fields).toEqual([
      '1',
      'Nguyễn Văn Đức',
    ]);
  });

  it('agrees with csv-parse on random files', async () => {
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'đ', ',', '"', ' ', '1') }),
      fc.constant(''),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 9 }),
        async (rows, chunk) => {
          const text = rows
            .map((r) =>
              r
                .map((c) => (/[",\n]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c))
                .join(','),
            )
            .join('\n');
          const expected = parse(text, { relax_column_count: true }) as string[][];
          expect((await records(text, chunk)).map((r) => r.fields)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
