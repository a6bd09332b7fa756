import { type InputHTMLAttributes, type ReactNode, type Ref, useId } from 'react';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: ReactNode;
  /** Shown under the field, tied to it with aria-describedby; sets aria-invalid. */
  error?: string | null;
  /** A hint under the label, also read by screen readers. */
  hint?: ReactNode;
  id?: string;
  /** Renders a <textarea> with this many rows instead of an <input>. */
  multiline?: number;
  ref?: Ref<HTMLInputElement>;
}

/** A labelled text input with its hint and error message wired for assistive technology. */
export function TextField({
  label,
  error,
  hint,
  id,
  multiline,
  required,
  className,
  ref,
  ...rest
}: TextFieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const common = {
    id: inputId,
    required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div
      className={['field', error ? 'field-invalid' : '', className ?? ''].filter(Boolean).join(' ')}
    >
      <label htmlFor={inputId}>
        {label}
        {required ? (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {multiline ? (
        <textarea
          {...common}
          ref={ref as unknown as Ref<HTMLTextAreaElement>}
          rows={multiline}
          {...(rest as unknown as InputHTMLAttributes<HTMLTextAreaElement>)}
        />
      ) : (
        <input {...common} ref={ref} {...rest} />
      )}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
