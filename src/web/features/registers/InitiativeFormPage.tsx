import './registers.css';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { registersApi } from './api.js';
import { BASE, useUnits } from './Bits.js';
import { initiativeBody, initiativeFields, unitField } from './fields.js';
import { RecordFrame } from './RecordFrame.js';
import { RegisterForm } from './RegisterForm.js';

/** `/quan-tri/so-theo-doi/sang-kien/moi` — file a reform initiative for one of your units. */
export default function InitiativeFormPage() {
  const { t, i18n } = useTranslation('registers');
  const navigate = useNavigate();
  const { covered } = useUnits(['specialist', 'leader', 'reform_office']);
  return (
    <RecordFrame title={t('initiative.new')} subtitle={t('initiative.newHint')} back={BASE}>
      <section className="rg-section">
        <RegisterForm
          submitLabel={t('initiative.file')}
          initial={{ year: String(new Date().getFullYear()) }}
          fields={[
            unitField(t('initiative.unit'), covered, i18n.language),
            ...initiativeFields(t, t('initiative.authorsHint')),
          ]}
          filesLabel={t('common.attach')}
          onSubmit={async (v, fileIds) => {
            const created = await registersApi.fileInitiative({
              fileIds,
              unitCode: v.unitCode,
              ...initiativeBody(v),
            });
            navigate(`${BASE}/sang-kien/${created.id}`, {
              state: { notice: t('initiative.filed') },
            });
          }}
        />
      </section>
    </RecordFrame>
  );
}
