/**
 * CSV exports of the register lists: UTF-8 with a byte-order mark (so Excel reads Vietnamese),
 * CRLF line ends, fields quoted when they hold a comma, quote or line break (RFC 4180). A field
 * starting with = + - @ is prefixed with an apostrophe so a spreadsheet never runs it as a formula.
 */
export function toCsv(headers: string[], rows: Array<Array<string | number | null>>): string {
  const cell = (value: string | number | null): string => {
    if (value === null) return '';
    let text = String(value);
    if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${[headers, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** Every page of a paged list, for an export. */
export async function allPages<T>(
  fetch: (page: number) => Promise<{ total: number; items: T[] }>,
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const result = await fetch(page);
    items.push(...result.items);
    if (result.items.length === 0 || items.length >= result.total) return items;
  }
}
