import { useSearchParams } from 'react-router-dom';

/**
 * A list's filters and page kept in the address (bookmarkable; Back restores them): the applied
 * values, the page, and `apply` to change them (page back to 1 unless given).
 */
export function useListParams<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const applied = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as Record<
    K,
    string
  >;
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const apply = (next: Record<K, string>, nextPage = 1) => {
    const p = new URLSearchParams();
    for (const k of keys) if (next[k]?.trim()) p.set(k, next[k].trim());
    if (nextPage > 1) p.set('page', String(nextPage));
    setParams(p);
  };
  return { applied, page, apply, key: params.toString() };
}
