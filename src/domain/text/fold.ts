/**
 * Folds Vietnamese text for search and comparison: lower case, diacritics removed, đ → d,
 * every run of whitespace (including non-breaking spaces) collapsed to one space, trimmed.
 * "Giấy  phép XÂY DỰNG" → "giay phep xay dung", so a citizen typing without accents (common on
 * phones and older keyboards) still finds the procedure (issue 3: search ignores diacritics).
 *
 * Works on both precomposed (NFC) and decomposed (NFD, as some Windows and macOS input methods
 * produce) text, because decomposition happens first.
 */
export function foldVietnamese(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+/g, ' ')
    .trim();
}

/**
 * Splits a search query into folded words, dropping empty ones: "  Giấy phép " → ["giay",
 * "phep"]. A record matches a query when its folded text contains every word.
 */
export function searchTerms(query: string): string[] {
  const folded = foldVietnamese(query);
  return folded === '' ? [] : folded.split(' ');
}

/**
 * Normalises user-entered text for storage: NFC (so the same word is stored with the same
 * code points whatever the keyboard produced), whitespace collapsed, trimmed.
 */
export function cleanText(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+/g, ' ')
    .trim();
}
