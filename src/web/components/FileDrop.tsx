import { type DragEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from './format.js';

export interface FileDropProps {
  label: string;
  /** The chosen files (controlled). */
  files: File[];
  onFilesChange: (files: File[]) => void;
  /** Like <input accept>: MIME types and extensions, e.g. "application/pdf,.jpg,.png". */
  accept?: string;
  /** Per file; larger files are refused with a message. */
  maxBytes?: number;
  multiple?: boolean;
  /** An error from the server or the form, shown under the zone. */
  error?: string | null;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024, 0)} KB`;
  return `${formatNumber(bytes / 1024 / 1024, 1)} MB`;
}

/** Whether a file matches an accept list (MIME type, type/* or .extension), as the browser checks. */
export function accepts(file: { name: string; type: string }, accept?: string): boolean {
  if (!accept) return true;
  const name = file.name.toLowerCase();
  return accept
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .some((item) =>
      item.startsWith('.')
        ? name.endsWith(item)
        : item.endsWith('/*')
          ? file.type.startsWith(item.slice(0, -1))
          : file.type === item,
    );
}

/**
 * A drop zone around a real file input: keyboard users Tab to it and press Enter or Space to
 * choose, mouse users drop or click. Chosen files are listed with a remove button each. The
 * server checks type and size again (the catalogue codes upload_too_large, upload_type_rejected).
 */
export function FileDrop({
  label,
  files,
  onFilesChange,
  accept,
  maxBytes,
  multiple = false,
  error,
}: FileDropProps) {
  const { t } = useTranslation();
  const id = useId();
  const [dragging, setDragging] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  const add = (list: FileList | null) => {
    if (!list) return;
    const found: string[] = [];
    const good: File[] = [];
    for (const file of Array.from(list)) {
      if (!accepts(file, accept)) found.push(t('common:fileTypeRejected', { name: file.name }));
      else if (maxBytes !== undefined && file.size > maxBytes)
        found.push(t('common:fileTooLarge', { name: file.name, size: formatBytes(maxBytes) }));
      else good.push(file);
    }
    setProblems(found);
    if (good.length > 0) onFilesChange(multiple ? [...files, ...good] : good.slice(0, 1));
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    add(event.dataTransfer.files);
  };

  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const messages = [...problems, ...(error ? [error] : [])];
  return (
    <div
      className={['field', messages.length > 0 ? 'field-invalid' : ''].filter(Boolean).join(' ')}
    >
      <span className="field-label" id={`${id}-label`}>
        {label}
      </span>
      <label
        htmlFor={id}
        className={`filedrop${dragging ? ' filedrop-active' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <svg width="32" height="32" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path
            d="M12 16V4M7 9l5-5 5 5M4 16v4h16v-4"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        <span>{t('common:fileDropLabel')}</span>
        {accept || maxBytes ? (
          <span className="field-hint" id={hintId}>
            {t('common:fileDropHint', {
              accept: accept ?? '*',
              size: maxBytes ? formatBytes(maxBytes) : '—',
            })}
          </span>
        ) : null}
        <input
          id={id}
          type="file"
          className="filedrop-input"
          accept={accept}
          multiple={multiple}
          aria-labelledby={`${id}-label`}
          aria-describedby={
            [accept || maxBytes ? hintId : '', messages.length > 0 ? errorId : '']
              .filter(Boolean)
              .join(' ') || undefined
          }
          aria-invalid={messages.length > 0 ? true : undefined}
          onChange={(event) => {
            add(event.target.files);
            event.target.value = '';
          }}
        />
      </label>
      {messages.length > 0 ? (
        <div className="field-error" id={errorId}>
          {messages.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      ) : null}
      {files.length > 0 ? (
        <ul className="file-list">
          {files.map((file, index) => (
            <li key={`${file.name}-${file.size}-${file.lastModified}`}>
              <span>
                {file.name} <span className="field-hint">({formatBytes(file.size)})</span>
              </span>
              <button
                type="button"
                className="btn btn-ghost btn-small"
                aria-label={t('common:removeFile', { name: file.name })}
                onClick={() => onFilesChange(files.filter((_, i) => i !== index))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
