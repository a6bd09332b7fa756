import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language, setLanguage } from '../i18n.js';
import {
  loadPreferences,
  type Preferences,
  savePreferences,
  stepTextSize,
} from '../preferences.js';

/**
 * The header's tool bar: text size A− A A+, high contrast, and Tiếng Việt / English. Each is a
 * real button with a pressed state, so keyboard and screen-reader users can use and read them.
 */
export function DisplaySettings() {
  const { t } = useTranslation('a11y');
  const [prefs, setPrefs] = useState<Preferences>(loadPreferences);
  const [language, setLang] = useState<Language>(currentLanguage);

  const update = (next: Preferences) => {
    savePreferences(next);
    setPrefs(next);
  };
  const switchLanguage = (next: Language) => {
    setLang(next);
    void setLanguage(next);
  };

  return (
    <div className="display-settings">
      <fieldset className="tool-group" aria-describedby="text-size-current">
        <legend className="visually-hidden">{t('textSize')}</legend>
        <button
          type="button"
          className="tool"
          onClick={() => update({ ...prefs, textSize: stepTextSize(prefs.textSize, -1) })}
          disabled={prefs.textSize === 'small'}
          title={t('textSmaller')}
        >
          A−<span className="visually-hidden"> ({t('textSmaller')})</span>
        </button>
        <button
          type="button"
          className="tool"
          onClick={() => update({ ...prefs, textSize: 'normal' })}
          aria-pressed={prefs.textSize === 'normal'}
          title={t('textNormal')}
        >
          A<span className="visually-hidden"> ({t('textNormal')})</span>
        </button>
        <button
          type="button"
          className="tool"
          onClick={() => update({ ...prefs, textSize: stepTextSize(prefs.textSize, 1) })}
          disabled={prefs.textSize === 'larger'}
          title={t('textLarger')}
        >
          A+<span className="visually-hidden"> ({t('textLarger')})</span>
        </button>
        <span id="text-size-current" className="visually-hidden" aria-live="polite">
          {t(`size.${prefs.textSize}`)}
        </span>
      </fieldset>
      <button
        type="button"
        className="tool tool-contrast"
        aria-pressed={prefs.highContrast}
        onClick={() => update({ ...prefs, highContrast: !prefs.highContrast })}
      >
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M8 1 A7 7 0 0 1 8 15 Z" fill="currentColor" />
        </svg>
        <span>{t('highContrast')}</span>
      </button>
      <fieldset className="tool-group">
        <legend className="visually-hidden">{t('language')}</legend>
        <button
          type="button"
          className="tool"
          lang="vi"
          aria-pressed={language === 'vi'}
          onClick={() => switchLanguage('vi')}
        >
          Tiếng Việt
        </button>
        <button
          type="button"
          className="tool"
          lang="en"
          aria-pressed={language === 'en'}
          onClick={() => switchLanguage('en')}
        >
          English
        </button>
      </fieldset>
    </div>
  );
}
