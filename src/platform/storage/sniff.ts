/**
 * Content sniffing by magic bytes. The allow-list is what a one-stop dossier needs: scans and
 * photos (PDF, JPEG, PNG), office documents (DOCX, XLSX) and XML e-documents. Anything else,
 * executables and archives included, is unknown and refused.
 */
export type FileType = 'pdf' | 'jpeg' | 'png' | 'docx' | 'xlsx' | 'xml';

export const FILE_TYPES: Record<
  FileType,
  { mime: string; extensions: string[]; aliases: string[] }
> = {
  pdf: { mime: 'application/pdf', extensions: ['pdf'], aliases: ['application/x-pdf'] },
  jpeg: {
    mime: 'image/jpeg',
    extensions: ['jpg', 'jpeg', 'jpe'],
    aliases: ['image/jpg', 'image/pjpeg'],
  },
  png: { mime: 'image/png', extensions: ['png'], aliases: ['image/x-png'] },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    aliases: [],
  },
  xlsx: {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
    aliases: [],
  },
  xml: { mime: 'application/xml', extensions: ['xml'], aliases: ['text/xml'] },
};

export const ALL_FILE_TYPES = Object.keys(FILE_TYPES) as FileType[];

/** How many leading bytes `sniffHead` needs to decide. */
export const SNIFF_HEAD_BYTES = 512;

/**
 * Classifies the first bytes of a file: a final type, `zip` (an OOXML candidate: decided by
 * `sniffZipDirectory` once the whole file has been seen) or null (unknown, refused).
 */
export function sniffHead(head: Buffer): Exclude<FileType, 'docx' | 'xlsx'> | 'zip' | null {
  if (head.length >= 5 && head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (
    head.length >= 8 &&
    head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  ) {
    return 'png';
  }
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (looksLikeXml(head)) return 'xml';
  return null;
}

function looksLikeXml(head: Buffer): boolean {
  let text = head;
  if (text.length >= 3 && text[0] === 0xef && text[1] === 0xbb && text[2] === 0xbf)
    text = text.subarray(3);
  // UTF-8 text only: a NUL byte means binary (or UTF-16, which e-document schemes do not use).
  if (text.includes(0)) return false;
  const start = text.toString('utf8').trimStart();
  return start.startsWith('<?xml') || /^<[A-Za-z_][\w.:-]*[\s>/]/.test(start);
}

/**
 * Decides whether a ZIP file is a DOCX or XLSX from its central directory, found through the
 * end-of-central-directory record in the file's last bytes: an OOXML package has
 * `[Content_Types].xml` and `word/document.xml` or `xl/workbook.xml`. Returns null for any
 * other archive, or when the directory is not inside `tail` (`tailOffset` = its position).
 */
export function sniffZipDirectory(tail: Buffer, tailOffset: number): 'docx' | 'xlsx' | null {
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > tail.length) return null;
  const entries = tail.readUInt16LE(eocd + 10);
  const directorySize = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  // ZIP64 archives (0xFFFFFFFF) are far beyond the upload limit: not an office document here.
  if (directoryOffset === 0xffffffff) return null;
  let at = directoryOffset - tailOffset;
  if (at < 0 || at + directorySize > eocd) return null;
  const names = new Set<string>();
  for (let i = 0; i < entries; i++) {
    if (at + 46 > tail.length || tail.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLength = tail.readUInt16LE(at + 28);
    const extraLength = tail.readUInt16LE(at + 30);
    const commentLength = tail.readUInt16LE(at + 32);
    names.add(tail.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (!names.has('[Content_Types].xml')) return null;
  if (names.has('word/document.xml')) return 'docx';
  if (names.has('xl/workbook.xml')) return 'xlsx';
  return null;
}

/** The allow-listed type a media type names (aliases included), or null. */
export function typeOfMime(mime: string): FileType | null {
  const base = mime.split(';')[0]!.trim().toLowerCase();
  for (const type of ALL_FILE_TYPES) {
    const entry = FILE_TYPES[type];
    if (entry.mime === base || entry.aliases.includes(base)) return type;
  }
  return null;
}
