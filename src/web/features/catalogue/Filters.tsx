import { useTranslation } from 'react-i18next';
import { HANDLING_LEVELS, ONLINE_LEVELS } from '../../../domain/catalogue/index.js';
import { Select } from '../../components/Select.js';
import type { FieldItem } from './api.js';

export interface FilterValues {
  field: string;
  level: string;
  onlineLevel: string;
  status?: string;
  sort: string;
}

/** The catalogue filters (field, level, online level, optional status, sort) as native selects. */
export function CatalogueFilters({
  values,
  fields,
  onChange,
  withStatus = false,
}: {
  values: FilterValues;
  fields: FieldItem[];
  onChange: (name: keyof FilterValues, value: string) => void;
  withStatus?: boolean;
}) {
  const { t } = useTranslation('catalogue');
  return (
    <fieldset className="catalogue-filters">
      <legend className="visually-hidden">{t('public.filtersLabel')}</legend>
      <Select
        label={t('filters.field')}
        value={values.field}
        placeholder={t('filters.any')}
        options={fields.map((f) => ({ value: f.code, label: `${f.name ?? f.code} (${f.count})` }))}
        onChange={(e) => onChange('field', e.target.value)}
      />
      <Select
        label={t('filters.level')}
        value={values.level}
        placeholder={t('filters.any')}
        options={HANDLING_LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }))}
        onChange={(e) => onChange('level', e.target.value)}
      />
      <Select
        label={t('filters.onlineLevel')}
        value={values.onlineLevel}
        placeholder={t('filters.any')}
        options={ONLINE_LEVELS.map((l) => ({ value: l, label: t(`online.${l}`) }))}
        onChange={(e) => onChange('onlineLevel', e.target.value)}
      />
      {withStatus ? (
        <Select
          label={t('filters.status')}
          value={values.status ?? 'active'}
          options={(['active', 'retired', 'all'] as const).map((s) => ({
            value: s,
            label: t(`office.status.${s}`),
          }))}
          onChange={(e) => onChange('status', e.target.value)}
        />
      ) : null}
      <Select
        label={t('filters.sort')}
        value={values.sort}
        options={(['code', 'name', 'promisedLimit', 'fee'] as const).map((s) => ({
          value: s,
          label: t(`sort.${s}`),
        }))}
        onChange={(e) => onChange('sort', e.target.value)}
      />
    </fieldset>
  );
}

/** Search parameters of a list page, with defaults, and a setter that resets the page. */
export function readListParams(params: URLSearchParams) {
  return {
    q: params.get('q') ?? '',
    field: params.get('field') ?? '',
    level: params.get('level') ?? '',
    onlineLevel: params.get('onlineLevel') ?? '',
    status: params.get('status') ?? 'active',
    sort: params.get('sort') ?? 'name',
    page: Math.max(1, Number(params.get('page') ?? 1) || 1),
  };
}
