import { useMemo } from 'react';
import { Select, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { schemesApi, unitsApi } from '../../api/endpoints';
import { schemeLeaves, type CityLight, type SupervisionStatus } from '../../api/supervision';
import { useSignedIn } from '../../auth/session';

export const STATUS_COLORS: Record<SupervisionStatus, string> = {
  ongoing: 'processing',
  done: 'success',
  overdue: 'error',
  cancelled: 'default',
};
export const LIGHT_COLORS: Record<CityLight, string> = { green: 'green', yellow: 'gold', red: 'red' };

export function StatusTag({ status }: { status: SupervisionStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={`status-${status}`}>
      {t(`supervision.statuses.${status}`)}
    </Tag>
  );
}

export function LightTag({ light }: { light: CityLight | null }) {
  const { t } = useTranslation();
  if (!light) return <Tag>{t('city.lights.none')}</Tag>;
  return <Tag color={LIGHT_COLORS[light]}>{t(`city.lights.${light}`)}</Tag>;
}

/** The years that have a scheme (newest first) and the default: the newest with a published scheme. */
export function useYears(): { years: number[]; defaultYear: number } {
  const { can } = useSignedIn();
  const schemes = useQuery({ queryKey: ['schemes'], queryFn: schemesApi.list, enabled: can('schemes:read') });
  return useMemo(() => {
    const items = schemes.data?.items ?? [];
    const ys = new Set(items.map((s) => s.year));
    ys.add(dayjs().year());
    const published = items.filter((s) => s.publishedVersion !== null).map((s) => s.year);
    return {
      years: [...ys].sort((a, b) => b - a),
      defaultYear: published.length > 0 ? Math.max(...published) : dayjs().year(),
    };
  }, [schemes.data]);
}

/** The year filter of the supervision, city and signals lists; choosing the default year leaves it out (undefined). */
export function YearFilter({ year, onChange }: { year: number; onChange: (year: number | undefined) => void }) {
  const { years, defaultYear } = useYears();
  return (
    <Select
      value={year}
      style={{ width: 100 }}
      options={years.map((y) => ({ value: y, label: y }))}
      onChange={(y) => onChange(y === defaultYear ? undefined : y)}
    />
  );
}

export function useUnitOptions(enabled = true) {
  const units = useQuery({
    queryKey: ['units', { pageSize: 500 }],
    queryFn: () => unitsApi.list({ pageSize: 500 }),
    staleTime: 5 * 60_000,
    enabled,
  });
  return (units.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.code}）` }));
}

export function useLeafOptions(year: number, enabled = true) {
  const leaves = useQuery({
    queryKey: ['scheme-leaves', year],
    queryFn: () => schemeLeaves(year),
    staleTime: 5 * 60_000,
    enabled,
  });
  return (leaves.data ?? []).map((l) => ({
    value: l.id,
    label: `${l.name}（${l.id}${l.method ? ` · ${l.method}` : ''}）`,
  }));
}
