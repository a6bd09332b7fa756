import './registers.css';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { PageTitle } from '../../components/PageTitle.js';
import { registersApi } from './api.js';
import { BASE, RegistersNav, unitOptions, useUnits, yearOptions } from './Bits.js';
import { RegisterForm } from './RegisterForm.js';

/** `/quan-tri/so-theo-doi/ke-hoach/moi` — the reform office registers a remediation plan. */
export default function PlanFormPage() {
  const { t, i18n } = useTranslation('registers');
  const navigate = useNavigate();
  const { covered } = useUnits(['reform_office']);
  return (
    <div className="rg">
      <PageTitle title={t('plan.new')} />
      <RegistersNav />
      <p>
        <Link to={`${BASE}/ke-hoach`}>{t('common.back')}</Link>
      </p>
      <section className="rg-section">
        <RegisterForm
          submitLabel={t('plan.create')}
          initial={{ year: String(new Date().getFullYear()) }}
          fields={[
            {
              name: 'unitCode',
              label: t('common.unit'),
              kind: 'select',
              required: true,
              options: unitOptions(covered, i18n.language),
            },
            {
              name: 'year',
              label: t('common.year'),
              kind: 'select',
              required: true,
              options: yearOptions(),
            },
            { name: 'title', label: t('plan.title'), required: true },
            { name: 'indicator', label: t('plan.indicator'), hint: t('plan.indicatorHint') },
            { name: 'dueOn', label: t('common.due'), kind: 'date', hint: t('plan.dueHint') },
          ]}
          onSubmit={async (v) => {
            const created = await registersApi.createPlan({
              unitCode: v.unitCode,
              year: Number(v.year),
              title: v.title,
              indicator: v.indicator?.trim() || undefined,
              dueOn: v.dueOn || undefined,
            });
            navigate(`${BASE}/ke-hoach/${created.id}`, { state: { notice: t('plan.created') } });
          }}
        />
      </section>
    </div>
  );
}
