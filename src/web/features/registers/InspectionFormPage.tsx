import './registers.css';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { registersApi } from './api.js';
import { BASE, useUnits } from './Bits.js';
import { inspectionBody, inspectionFields } from './fields.js';
import { RecordFrame } from './RecordFrame.js';
import { RegisterForm } from './RegisterForm.js';

/** `/quan-tri/so-theo-doi/thanh-tra/moi` — the reform office plans an inspection. */
export default function InspectionFormPage() {
  const { t, i18n } = useTranslation('registers');
  const navigate = useNavigate();
  const { covered, all } = useUnits(['reform_office']);
  return (
    <RecordFrame title={t('inspection.new')} back={`${BASE}/thanh-tra`}>
      <section className="rg-section">
        <RegisterForm
          submitLabel={t('inspection.plan')}
          fields={inspectionFields(t, i18n.language, covered, all)}
          onSubmit={async (v) => {
            const created = await registersApi.planInspection(inspectionBody(v));
            navigate(`${BASE}/thanh-tra/${created.id}`, {
              state: { notice: t('inspection.planned') },
            });
          }}
        />
      </section>
    </RecordFrame>
  );
}
