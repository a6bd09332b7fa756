/** Vietnamese text helpers shared by every module (pure, no I/O). */
export { cleanText, foldVietnamese, searchTerms } from './fold.js';
