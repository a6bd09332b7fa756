import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** One CSV record with the file line it starts on (the header is line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Streams RFC 4180 CSV records from UTF-8 bytes (BOM dropped, CRLF or LF, quoted fields with
 * doubled quotes and embedded newlines). Lines without a quote — nearly every line of a legacy
 * export — take a fast split; a quoted record goes through a small state machine. Yields
 * records in batches to keep the per-record overhead of async iteration out of the hot path.
 */
export async function* csvRecordBatches(
  input: Readable,
  onBytes?: (n: number) => void,
): AsyncGenerator<CsvRecord[]> {
  let carry = '';
  let line = 0;
  let first = true;
  let pending: { fields: string[]; field: string; line: number } | null = null;
  // A multi-byte character may straddle two chunks.
  const decoder = new StringDecoder('utf8');
  for await (const chunk of input) {
    const buffer = chunk as Buffer;
    onBytes?.(buffer.length);
    let text = carry + decoder.write(buffer);
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const lastNl = text.lastIndexOf('\n');
    if (lastNl < 0) {
      carry = text;
      continue;
    }
    carry = text.slice(lastNl + 1);
    const batch: CsvRecord[] = [];
    let start = 0;
    const body = text.slice(0, lastNl + 1);
    while (start < body.length) {
      const nl = body.indexOf('\n', start);
      let raw = body.slice(start, nl);
      start = nl + 1;
      line++;
      if (raw.endsWith('\r')) raw = raw.slice(0, -1);
      if (pending) {
        pending = continueQuoted(pending, `\n${raw}`, batch);
        continue;
      }
      if (raw.indexOf('"') < 0) {
        if (raw === '') continue;
        batch.push({ line, fields: raw.split(',') });
        continue;
      }
      pending = continueQuoted({ fields: [], field: '', line }, raw, batch, true);
    }
    if (batch.length > 0) yield batch;
  }
  carry += decoder.end();
  const tail = carry.endsWith('\r') ? carry.slice(0, -1) : carry;
  const batch: CsvRecord[] = [];
  if (tail !== '' || pending) {
    line++;
    if (pending) pending = continueQuoted(pending, `\n${tail}`, batch);
    else if (tail.indexOf('"') < 0) batch.push({ line, fields: tail.split(',') });
    else pending = continueQuoted({ fields: [], field: '', line }, tail, batch, true);
  }
  if (pending) {
    // An unterminated quote: hand back what was read so validation names the row.
    pending.fields.push(pending.field);
    batch.push({ line: pending.line, fields: pending.fields });
  }
  if (batch.length > 0) yield batch;
}

/**
 * Parses `text` as the continuation of a record. State: inside quotes when `field` was opened
 * by a quote and not closed (tracked by returning a pending record). Returns null when the
 * record ended on this line (pushed to `out`), else the pending state.
 */
function continueQuoted(
  state: { fields: string[]; field: string; line: number; quoted?: boolean },
  text: string,
  out: CsvRecord[],
  fresh = false,
): { fields: string[]; field: string; line: number; quoted?: boolean } | null {
  let { field } = state;
  const fields = state.fields;
  let quoted = fresh ? false : state.quoted === true;
  let atFieldStart = fresh || (!quoted && field === '' && text.startsWith('\n') === false);
  let i = 0;
  if (!fresh && quoted && text.startsWith('\n')) {
    field += '\n';
    i = 1;
  }
  for (; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
      continue;
    }
    if (c === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
      continue;
    }
    if (c === ',') {
      fields.push(field);
      field = '';
      atFieldStart = true;
      continue;
    }
    atFieldStart = false;
    field += c;
  }
  if (quoted) return { fields, field, line: state.line, quoted: true };
  fields.push(field);
  out.push({ line: state.line, fields });
  return null;
}
