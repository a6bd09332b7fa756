import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button.js';
import { Select } from '../../components/Select.js';
import type { StaffUnit } from './api.js';
import { unitOptions, yearOptions } from './Bits.js';

export interface FilterField<K extends string> {
  name: K;
  label: string;
  options: Array<{ value: string; label: string }>;
}

/** The filters every register list has: the year, and a unit with the units under it. */
export function yearAndUnitFilters(
  t: TFunction,
  units: StaffUnit[],
  language: string,
): Array<FilterField<'year' | 'unit'>> {
  return [
    { name: 'year', label: t('common.year'), options: yearOptions() },
    { name: 'unit', label: t('common.unitSubtree'), options: unitOptions(units, language) },
  ];
}

/** The filters of a register list as a form of selects; applying writes them to the address. */
export function FilterForm<K extends string>({
  fields,
  applied,
  onApply,
}: {
  fields: Array<FilterField<K>>;
  applied: Record<K, string>;
  onApply: (values: Record<K, string>) => void;
}) {
  const { t } = useTranslation('registers');
  const ids = useId();
  const [values, setValues] = useState(applied);
  const appliedKey = JSON.stringify(applied);
  useEffect(() => setValues(JSON.parse(appliedKey)), [appliedKey]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(values);
  };
  return (
    <section className="rg-section" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>{t('list.filters')}</h2>
      <form onSubmit={submit} aria-labelledby={`${ids}-h`}>
        <div className="rg-grid">
          {fields.map((f) => (
            <Select
              key={f.name}
              label={f.label}
              name={f.name}
              value={values[f.name]}
              placeholder={t('list.any')}
              options={f.options}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
            />
          ))}
        </div>
        <p className="actions">
          <Button type="submit" variant="primary">
            {t('list.apply')}
          </Button>
        </p>
      </form>
    </section>
  );
}
