import './registers.css';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { PageTitle } from '../../components/PageTitle.js';
import { INSPECTION_KINDS, registersApi } from './api.js';
import { BASE, RegistersNav, unitOptions, useUnits } from './Bits.js';
import { RegisterForm } from './RegisterForm.js';

/** `/quan-tri/so-theo-doi/thanh-tra/moi` — the reform office plans an inspection. */
export default function InspectionFormPage() {
  const { t, i18n } = useTranslation('registers');
  const navigate = useNavigate();
  const { covered, all } = useUnits(['reform_office']);
  return (
    <div className="rg">
      <PageTitle title={t('inspection.new')} />
      <RegistersNav />
      <p>
        <Link to={`${BASE}/thanh-tra`}>{t('common.back')}</Link>
      </p>
      <section className="rg-section">
        <RegisterForm
          submitLabel={t('inspection.plan')}
          fields={[
            {
              name: 'inspectedUnitCode',
              label: t('inspection.inspectedUnit'),
              kind: 'select',
              required: true,
              options: unitOptions(covered, i18n.language),
            },
            {
              name: 'inspectingBody',
              label: t('inspection.body'),
              required: true,
              hint: t('inspection.bodyHint'),
            },
            {
              name: 'inspectingUnitCode',
              label: t('inspection.inspectingUnit'),
              kind: 'select',
              options: unitOptions(all, i18n.language),
            },
            {
              name: 'kind',
              label: t('inspection.kind'),
              kind: 'select',
              required: true,
              options: INSPECTION_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })),
            },
            { name: 'plannedOn', label: t('inspection.plannedOn'), kind: 'date', required: true },
            { name: 'scope', label: t('inspection.scope'), kind: 'textarea', required: true },
          ]}
          onSubmit={async (v) => {
            const created = await registersApi.planInspection({
              inspectedUnitCode: v.inspectedUnitCode,
              inspectingUnitCode: v.inspectingUnitCode || undefined,
              inspectingBody: v.inspectingBody,
              kind: v.kind,
              plannedOn: v.plannedOn,
              scope: v.scope,
            });
            navigate(`${BASE}/thanh-tra/${created.id}`, {
              state: { notice: t('inspection.planned') },
            });
          }}
        />
      </section>
    </div>
  );
}
