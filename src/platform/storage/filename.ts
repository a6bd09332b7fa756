/** Longest display name kept, in characters (the extension is kept whole). */
export const MAX_FILE_NAME_LENGTH = 150;

const FALLBACK = 'tep-dinh-kem';

/**
 * Makes a user-supplied file name safe to show and to put in a Content-Disposition header:
 * keeps only the last path segment, drops control and invisible formatting characters (the
 * right-to-left override that disguises `exe.pdf`), `..`, and characters Windows forbids,
 * normalises to NFC and limits the length, keeping Vietnamese letters as they are. The result
 * is for display only; storage keys are random and never derived from it.
 */
export function sanitiseFileName(raw: string): string {
  let name = String(raw ?? '').normalize('NFC');
  name = name.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '');
  name = name.split(/[\\/]/).pop() ?? '';
  name = name.replace(/\.{2,}/g, '.');
  name = name.replace(/[<>:"|?*]/g, '_');
  name = name.replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  const chars = [...name];
  if (chars.length > MAX_FILE_NAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 ? [...name.slice(dot)] : [];
    if (extension.length > 0 && extension.length <= 10) {
      const stem = [...name.slice(0, dot)].slice(0, MAX_FILE_NAME_LENGTH - extension.length);
      name = stem.join('').trimEnd() + extension.join('');
    } else {
      name = chars.slice(0, MAX_FILE_NAME_LENGTH).join('').trimEnd();
    }
  }
  if (name === '' || /^[._\s-]*$/.test(name)) return FALLBACK;
  return name;
}

/** The lower-case extension of a sanitised name, without the dot ('' when none). */
export function fileExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}
