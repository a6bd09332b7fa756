import './registers.css';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { PageTitle } from '../../components/PageTitle.js';
import { registersApi } from './api.js';
import { BASE, RegistersNav, useUnits } from './Bits.js';
import { inspectionFields } from './fields.js';
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
          fields={inspectionFields(t, i18n.language, covered, all)}
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
