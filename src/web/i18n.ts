import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';

/**
 * Translations are JSON files, one per namespace and language, picked up automatically:
 *
 * - shell texts: `src/web/locales/{vi,en}/<namespace>.json` (common, nav, auth, a11y, home, errors)
 * - a feature's texts: `src/web/features/<feature>/locales/{vi,en}.json`, namespace `<feature>`
 *
 * Use them with `useTranslation('<namespace>')` or a qualified key `t('<namespace>:key')`.
 * Vietnamese is the default and the fallback; every key must exist in both languages
 * (src/web/i18n.test.ts fails otherwise).
 */
export type Language = 'vi' | 'en';
export const LANGUAGES: readonly Language[] = ['vi', 'en'];
export const DEFAULT_LANGUAGE: Language = 'vi';
const STORAGE_KEY = 'motcua.lang';

type Messages = Record<string, unknown>;

const shell = import.meta.glob<Messages>('./locales/*/*.json', { eager: true, import: 'default' });
const features = import.meta.glob<Messages>('./features/*/locales/*.json', {
  eager: true,
  import: 'default',
});

/** Builds the i18next resource object from the two file layouts (exported for tests). */
export function collectResources(
  shellFiles: Record<string, Messages>,
  featureFiles: Record<string, Messages>,
): Resource {
  const resources: Resource = { vi: {}, en: {} };
  for (const [file, messages] of Object.entries(shellFiles)) {
    const match = /\/locales\/(vi|en)\/([\w-]+)\.json$/.exec(file);
    if (match) resources[match[1]!]![match[2]!] = messages;
  }
  for (const [file, messages] of Object.entries(featureFiles)) {
    const match = /\/features\/([\w-]+)\/locales\/(vi|en)\.json$/.exec(file);
    if (match) resources[match[2]!]![match[1]!] = messages;
  }
  return resources;
}

export const resources = collectResources(shell, features);

function isLanguage(value: unknown): value is Language {
  return value === 'vi' || value === 'en';
}

/** The saved choice, else Vietnamese (the portal's language; English only when asked for). */
export function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // Storage can be disabled (private mode); the default is fine.
  }
  const cookie = /(?:^|;\s*)lang=(vi|en)\b/.exec(document.cookie)?.[1];
  return isLanguage(cookie) ? cookie : DEFAULT_LANGUAGE;
}

/**
 * Switches the language everywhere: i18next, `<html lang>`, localStorage and the `lang`
 * cookie the API reads to choose the language of error messages.
 */
export async function setLanguage(language: Language): Promise<void> {
  applyLanguage(language);
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not persisted; the cookie still carries it for this browser session.
  }
  await i18next.changeLanguage(language);
}

function applyLanguage(language: Language): void {
  document.documentElement.lang = language;
  // biome-ignore lint/suspicious/noDocumentCookie: the API reads this plain cookie.
  document.cookie = `lang=${language}; path=/; max-age=31536000; samesite=lax`;
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : DEFAULT_LANGUAGE;
}

const language = initialLanguage();
applyLanguage(language);

void i18next.use(initReactI18next).init({
  resources,
  lng: language,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES as Language[],
  defaultNS: 'common',
  ns: Object.keys(resources.vi ?? {}),
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

export default i18next;
