import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { formatSessionDate, periodText, quarterOptions } from './format.js';
import en from './locales/en.json' with { type: 'json' };
import vi from './locales/vi.json' with { type: 'json' };

describe('formatSessionDate', () => {
  it('names the weekday of the calendar date, whatever the zone', () => {
    expect(formatSessionDate('2025-03-13', 'vi')).toMatch(/Thứ Năm/i);
    expect(formatSessionDate('2025-03-13', 'en')).toMatch(/Thursday/);
    expect(formatSessionDate('2025-03-13', 'en')).toContain('13');
  });
});

describe('the statistics period in words', () => {
  const translate = async (language: 'vi' | 'en') => {
    const i18n = createInstance();
    await i18n.init({
      lng: language,
      ns: ['publicinfo'],
      defaultNS: 'publicinfo',
      resources: { vi: { publicinfo: vi }, en: { publicinfo: en } },
      interpolation: { escapeValue: false },
    });
    return i18n.t;
  };

  it('names a year as before and a quarter as Vietnamese reports do', async () => {
    const t = await translate('vi');
    expect(periodText(t, { year: 2026 })).toBe('năm 2026');
    expect(periodText(t, { year: 2026, quarter: 3 })).toBe('quý III năm 2026');
    expect(periodText(t, { year: 2026, quarter: 1 }, true)).toBe('Quý I năm 2026');
    expect(t('stats.caption', { period: periodText(t, { year: 2026 }), unit: 'X' })).toBe(
      'Thống kê tiếp công dân năm 2026: X',
    );
    const en = await translate('en');
    expect(periodText(en, { year: 2026, quarter: 4 })).toBe('Q4 2026');
  });

  it('offers the whole year, then each quarter with its months', async () => {
    const t = await translate('vi');
    expect(quarterOptions(t)).toEqual([
      { value: '', label: 'Cả năm' },
      { value: '1', label: 'Quý I (tháng 1–3)' },
      { value: '2', label: 'Quý II (tháng 4–6)' },
      { value: '3', label: 'Quý III (tháng 7–9)' },
      { value: '4', label: 'Quý IV (tháng 10–12)' },
    ]);
  });
});
