import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';

export interface ToastMessage {
  id: number;
  tone: 'info' | 'success' | 'warning' | 'error';
  message: string;
}

interface ToastApi {
  /** Shows a short message for `ms` (6 s by default; errors stay until dismissed). */
  show(message: string, tone?: ToastMessage['tone'], ms?: number): void;
}

const ToastContext = createContext<ToastApi | null>(null);

/**
 * Toasts for results of actions ("Đã lưu"). The live regions exist from the start (a region added
 * together with its text is often not announced); errors use an assertive region.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [toasts, setToasts] = useState<ToastMessage[]>([]);
  const next = useRef(1);

  const dismiss = useCallback(
    (id: number) => setToasts((list) => list.filter((toast) => toast.id !== id)),
    [],
  );
  const show = useCallback<ToastApi['show']>(
    (message, tone = 'info', ms) => {
      const id = next.current++;
      setToasts((list) => [...list.slice(-4), { id, tone, message }]);
      const duration = ms ?? (tone === 'error' ? 0 : 6000);
      if (duration > 0) setTimeout(() => dismiss(id), duration);
    },
    [dismiss],
  );
  const api = useMemo(() => ({ show }), [show]);

  const render = (list: ToastMessage[]) =>
    list.map((toast) => (
      <div key={toast.id} className={`toast alert alert-${toast.tone}`}>
        <span>{toast.message}</span>
        <button
          type="button"
          className="toast-close"
          aria-label={t('common:dismiss')}
          onClick={() => dismiss(toast.id)}
        >
          ×
        </button>
      </div>
    ));

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts">
        <div aria-live="polite" aria-atomic="false">
          {render(toasts.filter((toast) => toast.tone !== 'error'))}
        </div>
        <div aria-live="assertive" aria-atomic="false">
          {render(toasts.filter((toast) => toast.tone === 'error'))}
        </div>
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const context = useContext(ToastContext);
  if (!context) throw new Error('useToast outside <ToastProvider>');
  return context;
}
