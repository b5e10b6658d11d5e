import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * List filters and paging live in the URL, so a filtered list can be linked, bookmarked and reloaded.
 * Pass `keys` as a module-level constant so it stays stable between renders.
 */
export function useListParams<K extends string>(keys: readonly K[], defaultPageSize = 20) {
  const [params, setParams] = useSearchParams();
  const values = useMemo(() => {
    const out = {} as Record<K, string | undefined>;
    for (const k of keys) out[k] = params.get(k) ?? undefined;
    return out;
  }, [params, keys]);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(500, Math.max(1, Number(params.get('pageSize')) || defaultPageSize));

  const update = useCallback(
    (patch: Partial<Record<K | 'page' | 'pageSize', string | number | undefined>>, resetPage = true) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          if (resetPage && !('page' in patch)) next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  return { values, page, pageSize, update };
}
