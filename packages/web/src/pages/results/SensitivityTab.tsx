import { Alert, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { resultsApi, SENSITIVITY_RUNS, type Source } from '../../api/results';
import { LoadError } from '../../components/ListParts';
import { Working } from '../../components/useWork';
import { pct, num } from './format';

/** 敏感性: how often random small changes carry a unit across a tier boundary, and the fragile boundaries. */
export function SensitivityTab({ year, source, names }: { year: number; source: Source; names: Map<string, string> }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['results', year, 'sensitivity', source],
    queryFn: () => resultsApi.sensitivity(year, source),
  });
  if (q.error) return <LoadError error={q.error} />;
  if (!q.data) return <Working step={t('work.sensitivity', { runs: SENSITIVITY_RUNS })} testId="sensitivity-working" />;
  const s = q.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text>
        {t('results.sensitivity.intro', { spread: pct(s.spread), runs: s.runs, seed: s.seed })}
      </Typography.Text>
      <Alert
        type={s.fragileBoundaries > 0 ? 'warning' : 'success'}
        showIcon
        message={t('results.sensitivity.fragile', { count: s.fragileBoundaries })}
        data-testid="sensitivity-fragile"
      />
      <Table
        size="small"
        rowKey={(b) => `${b.groupId}|${b.upperTier}`}
        pagination={false}
        dataSource={s.boundaries}
        columns={[
          {
            title: t('results.sensitivity.boundary'),
            render: (_: unknown, b) => `${names.get(b.groupId) ?? b.groupId} · ${b.label}`,
          },
          { title: t('results.sensitivity.crossing'), dataIndex: 'crossingShare', render: (v: number) => pct(v) },
          { title: t('results.sensitivity.gap'), dataIndex: 'baselineGap', render: (v: number | null) => num(v) },
          {
            title: t('results.sensitivity.unitsCrossing'),
            render: (_: unknown, b) =>
              b.units.map((u) => `${names.get(u.unitId) ?? u.unitId} ${pct(u.share)}`).join('、'),
          },
          {
            title: '',
            render: (_: unknown, b) =>
              b.fragile ? (
                <Tag color="orange">{t('results.sensitivity.fragileTag')}</Tag>
              ) : (
                <Tag color="green">{t('results.sensitivity.stableTag')}</Tag>
              ),
          },
        ]}
      />
      <Table
        size="small"
        rowKey={(u) => u.unitId}
        dataSource={s.units.filter((u) => u.tierChangeShare > 0 || u.p5Rank !== u.p95Rank)}
        pagination={{ pageSize: 15, size: 'small', showSizeChanger: false }}
        columns={[
          { title: t('results.sensitivity.unit'), render: (_: unknown, u) => names.get(u.unitId) ?? u.unitId },
          { title: t('results.sensitivity.baseRank'), dataIndex: 'baseRank' },
          { title: t('results.sensitivity.median'), dataIndex: 'medianRank' },
          { title: t('results.sensitivity.interval'), render: (_: unknown, u) => `${u.p5Rank} – ${u.p95Rank}` },
          { title: t('results.sensitivity.tierChange'), dataIndex: 'tierChangeShare', render: (v: number) => pct(v) },
        ]}
      />
    </Space>
  );
}
