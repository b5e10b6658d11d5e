import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { resultsApi, type Source } from '../../api/results';
import { useSignedIn } from '../../auth/session';

/**
 * The year the results page shows (from `?year=`, else the latest with published results, else the latest with a
 * published scheme), its review, and which results are read: the published ones, or the preview (the office's
 * computed, not yet published results). `names` maps unit codes and group ids to names for the analysis tabs.
 */
export function useResultsYear() {
  const { can } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const years = useQuery({ queryKey: ['results', 'years'], queryFn: () => resultsApi.years() });
  const yearParam = Number(params.get('year')) || undefined;
  // Opens on the latest year with published results (what most readers come for); the office switches to the year
  // in progress. Without any, the latest year with a published scheme.
  const items = years.data?.items ?? [];
  const year =
    yearParam ?? (items.find((y) => y.publishedSeq !== null) ?? items.find((y) => y.schemePublished) ?? items[0])?.year;
  const setYear = (y: number) => setParams({ year: String(y) });
  const reviewer = can('results:compute') || can('results:approve');
  const review = useQuery({
    queryKey: ['results', year, 'review'],
    queryFn: () => resultsApi.review(year ?? 0),
    enabled: year !== undefined,
  });
  const r = review.data;
  const hasPreview = !!r?.review && r.review.publishable !== undefined && r.status !== 'none';
  const [source, setSource] = useState<Source>('published');
  useEffect(() => {
    if (!r) return;
    setSource(reviewer && r.review && (!r.published || r.status !== 'published') ? 'preview' : 'published');
  }, [r, reviewer]);
  const ranking = useQuery({
    queryKey: ['results', year, 'ranking', source],
    queryFn: () => resultsApi.ranking(year ?? 0, source),
    enabled: year !== undefined && (source === 'published' ? !!r?.published : hasPreview),
  });
  const names = useMemo(
    () =>
      new Map([
        ...(ranking.data?.groups ?? []).flatMap((g) => g.rows.map((x) => [x.unitCode, x.unitName] as const)),
        ...(ranking.data?.groups ?? []).map((g) => [g.groupId, g.name] as const),
      ]),
    [ranking.data],
  );
  // How many units the shown results cover (for "正在计算 2019 年度 59 个单位…"); null before any.
  const unitCount = ranking.data ? ranking.data.groups.reduce((n, g) => n + g.rows.length, 0) : null;
  return { years, year, setYear, reviewer, review, hasPreview, source, setSource, names, unitCount };
}
