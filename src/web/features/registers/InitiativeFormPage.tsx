import './registers.css';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { PageTitle } from '../../components/PageTitle.js';
import { registersApi } from './api.js';
import { BASE, RegistersNav, unitOptions, useUnits, yearOptions } from './Bits.js';
import { RegisterForm } from './RegisterForm.js';

/** `/quan-tri/so-theo-doi/sang-kien/moi` — file a reform initiative for one of your units. */
export default function InitiativeFormPage() {
  const { t, i18n } = useTranslation('registers');
  const navigate = useNavigate();
  const { covered } = useUnits(['specialist', 'leader', 'reform_office']);
  return (
    <div className="rg">
      <PageTitle title={t('initiative.new')} subtitle={t('initiative.newHint')} />
      <RegistersNav />
      <p>
        <Link to={BASE}>{t('common.back')}</Link>
      </p>
      <section className="rg-section">
        <RegisterForm
          submitLabel={t('initiative.file')}
          initial={{ year: String(new Date().getFullYear()) }}
          fields={[
            {
              name: 'unitCode',
              label: t('initiative.unit'),
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
            { name: 'title', label: t('initiative.title'), required: true },
            { name: 'summary', label: t('initiative.summary'), kind: 'textarea', required: true },
            {
              name: 'authors',
              label: t('initiative.authors'),
              required: true,
              hint: t('initiative.authorsHint'),
            },
          ]}
          filesLabel={t('common.attach')}
          onSubmit={async (v, fileIds) => {
            const created = await registersApi.fileInitiative({
              fileIds,
              unitCode: v.unitCode,
              year: Number(v.year),
              title: v.title,
              summary: v.summary,
              authors: v.authors,
            });
            navigate(`${BASE}/sang-kien/${created.id}`, {
              state: { notice: t('initiative.filed') },
            });
          }}
        />
      </section>
    </div>
  );
}
