import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { FileDrop } from '../../components/FileDrop.js';
import { TextField } from '../../components/TextField.js';
import { catalogueApi, type ImportReport } from './api.js';

const MAX_BYTES = 20 * 1024 * 1024;

/**
 * Import in two steps: check the file (a dry run: the report lists every problem by row and
 * column, and what each valid row would do), then confirm. With invalid rows the confirm needs
 * "import the valid rows" ticked; the server enforces the same rule.
 */
export function ImportDialog({
  open,
  onClose,
  onImported,
}: {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const { t, i18n } = useTranslation('catalogue');
  const [files, setFiles] = useState<File[]>([]);
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const file = files[0];

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const result = await catalogueApi.import(file, {
        dryRun,
        skipInvalid,
        ...(effectiveFrom ? { effectiveFrom } : {}),
      });
      setReport(result);
      if (result.written) onImported();
    } catch (e) {
      if (
        isApiError(e) &&
        e.code === 'import_invalid' &&
        e.details &&
        typeof e.details === 'object' &&
        'issues' in e.details
      ) {
        setReport(e.details as ImportReport);
      } else {
        setError(isApiError(e) ? e.message : String(e));
      }
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setFiles([]);
    setReport(null);
    setError(null);
    onClose();
  };

  const canConfirm =
    report?.dryRun === true && (report.invalidRows === 0 || skipInvalid) && report.validRows > 0;

  return (
    <Dialog
      open={open}
      onClose={close}
      title={t('import.title')}
      actions={
        <>
          <Button variant="secondary" onClick={close}>
            {t('import.close')}
          </Button>
          <Button variant="secondary" disabled={!file} busy={busy} onClick={() => void run(true)}>
            {t('import.check')}
          </Button>
          <Button variant="primary" disabled={!canConfirm || busy} onClick={() => void run(false)}>
            {t('import.confirm')}
          </Button>
        </>
      }
    >
      <FileDrop
        label={t('import.file')}
        files={files}
        onFilesChange={(f) => {
          setFiles(f);
          setReport(null);
        }}
        accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        maxBytes={MAX_BYTES}
      />
      <p className="hint">{t('import.fileHint')}</p>
      <TextField
        label={t('import.effectiveFrom')}
        type="date"
        value={effectiveFrom}
        onChange={(e) => setEffectiveFrom(e.target.value)}
      />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={skipInvalid}
          onChange={(e) => setSkipInvalid(e.target.checked)}
        />{' '}
        {t('import.skipInvalid')}
      </label>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {report ? (
        <div aria-live="polite">
          <Alert
            tone={report.written ? 'success' : report.invalidRows > 0 ? 'warning' : 'info'}
            title={report.written ? t('import.written') : t('import.nothingWritten')}
          >
            {t('import.summary', {
              total: report.totalRows,
              created: report.created,
              versioned: report.versioned,
              statusChanged: report.statusChanged,
              unchanged: report.unchanged,
              invalid: report.invalidRows,
            })}
            {!report.written && report.invalidRows > 0 && !skipInvalid ? (
              <p>{t('import.mustFix')}</p>
            ) : null}
          </Alert>
          {report.issues.length > 0 ? (
            <div className="catalogue-scroll">
              <table className="catalogue-table">
                <caption>{t('import.issuesCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('import.row')}</th>
                    <th scope="col">{t('import.column')}</th>
                    <th scope="col">{t('import.message')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.issues.slice(0, 500).map((issue, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: one row can have several issues in one column
                    <tr key={i}>
                      <td>{issue.row}</td>
                      <td>{issue.column || t('import.fileLevel')}</td>
                      <td>
                        {i18n.language === 'en' ? issue.en : issue.vi}
                        {issue.path && issue.path !== issue.column ? <> ({issue.path})</> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      ) : null}
    </Dialog>
  );
}
