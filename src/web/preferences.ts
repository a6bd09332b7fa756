/**
 * Display preferences of provincial portals: text size (A− A A+) and high contrast, kept in
 * localStorage and applied as attributes on <html> that the CSS variables in styles.css read.
 * Applied before React renders (main.tsx) so the page never flashes at the wrong size.
 */
export type TextSize = 'small' | 'normal' | 'large' | 'larger';
export const TEXT_SIZES: readonly TextSize[] = ['small', 'normal', 'large', 'larger'];

export interface Preferences {
  textSize: TextSize;
  highContrast: boolean;
}

const KEY = 'motcua.prefs';
const DEFAULTS: Preferences = { textSize: 'normal', highContrast: false };

export function loadPreferences(): Preferences {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Preferences>;
    return {
      textSize: TEXT_SIZES.includes(raw.textSize as TextSize)
        ? (raw.textSize as TextSize)
        : DEFAULTS.textSize,
      highContrast: raw.highContrast === true,
    };
  } catch {
    return { ...DEFAULTS };
  }
}

export function savePreferences(preferences: Preferences): void {
  applyPreferences(preferences);
  try {
    localStorage.setItem(KEY, JSON.stringify(preferences));
  } catch {
    // Storage disabled: the choice holds until the page is reloaded.
  }
}

export function applyPreferences(preferences: Preferences): void {
  const root = document.documentElement;
  root.dataset.textSize = preferences.textSize;
  root.classList.toggle('high-contrast', preferences.highContrast);
}

/** One step smaller or larger, staying within the sizes offered. */
export function stepTextSize(size: TextSize, step: -1 | 1): TextSize {
  const index = TEXT_SIZES.indexOf(size) + step;
  return TEXT_SIZES[Math.min(Math.max(index, 0), TEXT_SIZES.length - 1)]!;
}
