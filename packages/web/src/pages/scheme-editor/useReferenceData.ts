import { useCallback, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { groupsApi, unitsApi } from '../../api/endpoints';
import type { Option } from '../../scheme/IndicatorPanel';

/** The county's groups and units as the scheme editor names and offers them. */
export function useReferenceData() {
  const groups = useQuery({ queryKey: ['groups'], queryFn: groupsApi.list });
  const units = useQuery({
    queryKey: ['units', { pageSize: 500 }],
    queryFn: () => unitsApi.list({ pageSize: 500 }),
    staleTime: 5 * 60_000,
  });
  const groupByCode = useMemo(() => new Map((groups.data?.items ?? []).map((g) => [g.code, g])), [groups.data]);
  const groupName = useCallback((code: string) => groupByCode.get(code)?.name ?? code, [groupByCode]);
  const departments: Option[] = useMemo(
    () =>
      (units.data?.items ?? [])
        .filter((u) => u.kind === 'department')
        .map((u) => ({ value: u.code, label: `${u.shortName ?? u.name}（${u.code}）` })),
    [units.data],
  );
  const unitByCode = useMemo(() => new Map((units.data?.items ?? []).map((u) => [u.code, u])), [units.data]);
  const assessorName = useCallback(
    (code: string) => {
      const u = unitByCode.get(code);
      return u ? (u.shortName ?? u.name) : code;
    },
    [unitByCode],
  );
  const unitsOfGroup = useCallback(
    (code: string): Option[] => {
      const gid = groupByCode.get(code)?.id;
      return (units.data?.items ?? [])
        .filter((u) => !gid || u.groupId === gid)
        .map((u) => ({ value: u.code, label: `${u.shortName ?? u.name}（${u.code}）` }));
    },
    [groupByCode, units.data],
  );
  return { countyGroups: groups.data?.items ?? [], groupName, departments, assessorName, unitsOfGroup };
}
