import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n.js';
import { formatDate, formatDateTime, formatMoney, isoInVietnam } from './format.js';

/**
 * A <time> element showing `value` (ISO string, epoch ms or Date) in Asia/Ho_Chi_Minh, in the
 * current language's format; `dateOnly` hides the time of day.
 */
export function DateTime({
  value,
  dateOnly = false,
}: {
  value: string | number | Date | null | undefined;
  dateOnly?: boolean;
}) {
  const { i18n } = useTranslation();
  if (value === null || value === undefined || value === '') return null;
  const language = i18n.language as Language;
  return (
    <time dateTime={isoInVietnam(value)}>
      {dateOnly ? formatDate(value, language) : formatDateTime(value, language)}
    </time>
  );
}

/** An amount in Vietnamese đồng (no decimals). */
export function Money({ amount }: { amount: number | null | undefined }) {
  const { i18n } = useTranslation();
  if (amount === null || amount === undefined) return null;
  return <span className="money">{formatMoney(amount, i18n.language as Language)}</span>;
}
