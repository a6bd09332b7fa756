import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const WEB = path.dirname(fileURLToPath(import.meta.url));

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) =>
    keys(child, prefix ? `${prefix}.${key}` : key),
  );
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8'));
}

/** Every translation file pair: shell namespaces and each feature's locales. */
async function pairs(): Promise<Array<{ name: string; vi: string; en: string }>> {
  const result: Array<{ name: string; vi: string; en: string }> = [];
  for (const file of await readdir(path.join(WEB, 'locales/vi'))) {
    if (file.endsWith('.json'))
      result.push({
        name: file,
        vi: path.join(WEB, 'locales/vi', file),
        en: path.join(WEB, 'locales/en', file),
      });
  }
  const features = await readdir(path.join(WEB, 'features'), { withFileTypes: true }).catch(
    () => [],
  );
  for (const entry of features) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(WEB, 'features', entry.name, 'locales');
    const files = await readdir(dir).catch(() => [] as string[]);
    if (files.length > 0)
      result.push({
        name: entry.name,
        vi: path.join(dir, 'vi.json'),
        en: path.join(dir, 'en.json'),
      });
  }
  return result;
}

describe('translations', () => {
  it('have the same keys in Vietnamese and English in every namespace', async () => {
    const list = await pairs();
    expect(list.length).toBeGreaterThan(3);
    for (const pair of list) {
      const vi = keys(await readJson(pair.vi)).sort();
      const en = keys(await readJson(pair.en)).sort();
      expect({
        namespace: pair.name,
        onlyVi: vi.filter((k) => !en.includes(k)),
        onlyEn: en.filter((k) => !vi.includes(k)),
      }).toEqual({
        namespace: pair.name,
        onlyVi: [],
        onlyEn: [],
      });
    }
  });

  it('have no empty text', async () => {
    for (const pair of await pairs()) {
      for (const file of [pair.vi, pair.en]) {
        const walk = (value: unknown, at: string): void => {
          if (typeof value === 'string') expect(value.trim(), `${file}: ${at}`).not.toBe('');
          else if (typeof value === 'object' && value !== null)
            for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}`);
        };
        walk(await readJson(file), '');
      }
    }
  });
});
