import { useTranslation } from 'react-i18next';
import { yearInVietnam } from '../../components/format.js';
import { Select } from '../../components/Select.js';

/**
 * The periods offered in the picker: this year and last year (in Vietnam) by year, half, quarter
 * and month.
 */
export function periodOptions(today: Date, lang: 'vi' | 'en') {
  const year = yearInVietnam(today);
  const out: Array<{ value: string; label: string }> = [];
  for (const y of [year, year - 1]) {
    out.push({ value: String(y), label: lang === 'vi' ? `Năm ${y}` : String(y) });
    for (const h of [1, 2])
      out.push({
        value: `${y}-H${h}`,
        label: lang === 'vi' ? `6 tháng ${h === 1 ? 'đầu' : 'cuối'} năm ${y}` : `H${h} ${y}`,
      });
    for (const q of [1, 2, 3, 4])
      out.push({ value: `${y}-Q${q}`, label: lang === 'vi' ? `Quý ${q}/${y}` : `Q${q} ${y}` });
    for (let m = 1; m <= 12; m++) {
      const key = `${y}-${String(m).padStart(2, '0')}`;
      out.push({ value: key, label: lang === 'vi' ? `Tháng ${m}/${y}` : key });
    }
  }
  return out;
}

export function PeriodPicker({
  value,
  onChange,
}: {
  value: string;
  onChange: (period: string) => void;
}) {
  const { t, i18n } = useTranslation('indices');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  return (
    <Select
      label={t('period')}
      value={value}
      options={periodOptions(new Date(), lang)}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
