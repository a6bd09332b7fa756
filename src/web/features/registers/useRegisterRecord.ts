import { useEffect, useState } from 'react';
import { useLocation, useParams } from 'react-router-dom';
import { errorText } from './Bits.js';
import type { Values } from './RegisterForm.js';

/**
 * A record's page: the record named by the address (`:id`), loaded by `load`, the error that
 * takes the page's place, and the outcome of the last action to announce, at first the one the
 * form that created the record passed along («Đã lập kế hoạch.»). `done` shows the record as an
 * action's answer returned it, with the outcome; `submit` makes a form's `onSubmit` that sends
 * the values, then does the same; `fail` puts a refusal in the page's place.
 */
export function useRegisterRecord<T>(load: (id: string) => Promise<T>) {
  const { id = '' } = useParams();
  const location = useLocation();
  const [item, setItem] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(
    (location.state as { notice?: string } | null)?.notice ?? null,
  );
  // `load` is one of registersApi's functions, the same on every render: the record follows `id`.
  useEffect(() => {
    load(id).then(setItem, (e: unknown) => setError(errorText(e)));
  }, [load, id]);

  const done = (next: T, outcome: string) => {
    setItem(next);
    setNotice(outcome);
  };
  const submit =
    (outcome: string, send: (values: Values, fileIds: number[]) => Promise<T>) =>
    async (values: Values, fileIds: number[]) =>
      done(await send(values, fileIds), outcome);
  const fail = (e: unknown) => {
    setNotice(null);
    setError(errorText(e));
  };
  return { item, error, notice, done, submit, fail };
}
