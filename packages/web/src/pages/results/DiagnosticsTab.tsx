import { useState } from 'react';
import { Alert, Card, Checkbox, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { resultsApi, type IndicatorDiagnostics, type Source } from '../../api/results';
import { LoadError } from '../../components/ListParts';
import { Working } from '../../components/useWork';
import { SEVERITY_RANK, SEVERITY_COLORS, pct, num } from './format';

/** 指标诊断 (docs/scoring.md §11): each indicator's spread and flags, the flagged ones first. */
export function DiagnosticsTab({ year, source, names }: { year: number; source: Source; names: Map<string, string> }) {
  const { t, i18n } = useTranslation();
  const [flaggedOnly, setFlaggedOnly] = useState(true);
  const q = useQuery({
    queryKey: ['results', year, 'diagnostics', source],
    queryFn: () => resultsApi.diagnostics(year, source),
  });
  if (q.error) return <LoadError error={q.error} />;
  if (!q.data) return <Working step={t('work.diagnostics')} testId="diagnostics-working" />;
  const h = q.data.headline;
  const columns: ColumnsType<IndicatorDiagnostics> = [
    { title: t('results.diagnostics.indicator'), render: (_: unknown, d) => d.name ?? d.indicatorId, width: 220 },
    { title: t('results.diagnostics.assessor'), dataIndex: 'assessorId' },
    { title: t('results.diagnostics.points'), dataIndex: 'points', align: 'right' },
    {
      title: t('results.diagnostics.fullMarkRate'),
      dataIndex: 'fullMarkRate',
      align: 'right',
      render: (v: number) => pct(v),
    },
    { title: t('results.diagnostics.distinct'), dataIndex: 'distinctCount', align: 'right' },
    { title: t('results.diagnostics.cv'), dataIndex: 'cv', align: 'right', render: (v: number | null) => num(v, 3) },
    {
      title: t('results.diagnostics.discrimination'),
      dataIndex: 'discriminationIndex',
      align: 'right',
      render: (v: number | null) => num(v, 2),
    },
    {
      title: t('results.diagnostics.rankImpact'),
      dataIndex: 'rankImpact',
      align: 'right',
      render: (v: number) => num(v, 2),
    },
    {
      title: t('results.diagnostics.reasons'),
      render: (_: unknown, d) => (
        <Space size={4} wrap>
          {d.severity !== 'none' && (
            <Tag color={SEVERITY_COLORS[d.severity] ?? 'orange'}>
              {t(`results.diagnostics.severities.${d.severity}`, { defaultValue: d.severity })}
            </Tag>
          )}
          {d.reasons.map((r) => (
            <Tag key={r.code}>{t(`results.diagnostics.reasonCodes.${r.code}`)}</Tag>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert
        type={h.fullMarkIndicators > 0 ? 'warning' : 'success'}
        showIcon
        data-testid="diagnostics-headline"
        message={t('results.diagnostics.headline', {
          indicators: h.indicators,
          full: h.fullMarkIndicators,
          share: pct(h.indicatorShare),
          points: pct(h.pointsShare),
        })}
        description={
          h.assessors.length > 0
            ? `${t('results.diagnostics.owners')}：${h.assessors.map((a) => `${a.name}（${a.count}）`).join('、')}`
            : undefined
        }
      />
      {q.data.counts && (
        <Typography.Text data-testid="diagnostics-counts">
          {t('results.diagnostics.counts', { ...q.data.counts })}
        </Typography.Text>
      )}
      <Checkbox checked={flaggedOnly} onChange={(e) => setFlaggedOnly(e.target.checked)}>
        {t('results.diagnostics.flaggedOnly')}
      </Checkbox>
      {q.data.groups.map((g) => (
        <Card
          key={g.groupId}
          size="small"
          title={`${names.get(g.groupId) ?? g.groupId} · ${i18n.language.startsWith('en') ? g.headline.text.en : g.headline.text.zh}`}
        >
          <Table
            size="small"
            rowKey="indicatorId"
            columns={columns}
            dataSource={
              flaggedOnly
                ? g.indicators
                    .filter((d) => d.nonDiscriminating)
                    .sort((a, b) => (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9))
                : g.indicators
            }
            pagination={{ pageSize: 10, size: 'small', showSizeChanger: false }}
            scroll={{ x: 1000 }}
          />
          <Typography.Text strong>{t('results.diagnostics.redundancy')}：</Typography.Text>
          {g.redundancy.length === 0 ? (
            <Typography.Text type="secondary">{t('results.diagnostics.noRedundancy')}</Typography.Text>
          ) : (
            g.redundancy.map((p) => (
              <Tag key={`${p.indicatorA}|${p.indicatorB}`}>
                {p.indicatorA} ↔ {p.indicatorB} r={p.correlation.toFixed(2)}
              </Tag>
            ))
          )}
        </Card>
      ))}
    </Space>
  );
}
