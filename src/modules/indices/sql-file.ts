import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RawBuilder, sql } from 'kysely';

const SQL_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sql');
const cache = new Map<string, Array<string | { param: string }>>();

/**
 * A reviewed query kept as a plain `.sql` file (STYLE §4), with `:name` parameters bound as real
 * parameters (never spliced into the text). `::type` casts are left alone; `--` comment lines
 * are dropped so names in comments are not taken for parameters.
 */
export function sqlFile<R>(name: string, params: Record<string, unknown>): RawBuilder<R> {
  let parts = cache.get(name);
  if (!parts) {
    const text = readFileSync(path.join(SQL_DIR, name), 'utf8')
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('--'))
      .join('\n');
    parts = [];
    let last = 0;
    for (const match of text.matchAll(/(?<![:\w]):([a-z_][a-z0-9_]*)/g)) {
      parts.push(text.slice(last, match.index), { param: match[1] as string });
      last = (match.index ?? 0) + match[0].length;
    }
    parts.push(text.slice(last));
    cache.set(name, parts);
  }
  const pieces = parts.map((part) => {
    if (typeof part === 'string') return sql.raw(part);
    if (!(part.param in params)) throw new Error(`${name}: parameter :${part.param} not given`);
    return sql.val(params[part.param]);
  });
  return sql.join(pieces, sql.raw('')) as RawBuilder<R>;
}
