import './registers.css';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { registersApi } from './api.js';
import { BASE, useUnits } from './Bits.js';
import { planBody, planFields, unitField, yearField } from './fields.js';
import { RecordFrame } from './RecordFrame.js';
import { RegisterForm } from './RegisterForm.js';

/** `/quan-tri/so-theo-doi/ke-hoach/moi` — the reform office registers a remediation plan. */
export default function PlanFormPage() {
  const { t, i18n } = useTranslation('registers');
  const navigate = useNavigate();
  const { covered } = useUnits(['reform_office']);
  return (
    <RecordFrame title={t('plan.new')} back={`${BASE}/ke-hoach`}>
      <section className="rg-section">
        <RegisterForm
          submitLabel={t('plan.create')}
          initial={{ year: String(new Date().getFullYear()) }}
          fields={[
            unitField(t('common.unit'), covered, i18n.language),
            yearField(t),
            ...planFields(t),
          ]}
          onSubmit={async (v) => {
            const created = await registersApi.createPlan({
              unitCode: v.unitCode,
              year: Number(v.year),
              ...planBody(v),
            });
            navigate(`${BASE}/ke-hoach/${created.id}`, { state: { notice: t('plan.created') } });
          }}
        />
      </section>
    </RecordFrame>
  );
}
