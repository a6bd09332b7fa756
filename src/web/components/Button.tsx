import type { ButtonHTMLAttributes } from 'react';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** primary (filled), secondary (outlined, the default), danger, or link-like ghost. */
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  size?: 'normal' | 'small';
  /** Disables the button and says so to assistive technology while an action runs. */
  busy?: boolean;
}

/** A native <button> (type="button" unless given) in the portal's style. */
export function Button({
  variant = 'secondary',
  size = 'normal',
  busy = false,
  className,
  type,
  disabled,
  children,
  ...rest
}: ButtonProps) {
  const classes = ['btn', `btn-${variant}`, size === 'small' ? 'btn-small' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    // biome-ignore lint/a11y/useButtonType: the type is given by the caller or defaults to "button".
    <button
      type={type ?? 'button'}
      className={classes}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}
