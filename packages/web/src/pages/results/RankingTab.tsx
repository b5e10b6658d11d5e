import { useState } from 'react';
import { Card, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { resultsApi, type RankingGroup, type RankingRow, type Source } from '../../api/results';
import { LoadError } from '../../components/ListParts';
import { TieAlert, TieDecisionModal } from '../../components/yearend/governance';
import { num } from './format';

/** 排名: per group, the ranking with tiers, quotas and marks; ties at a tier boundary decided by the leadership group. */
function RankingTable({ group, year, canDecide }: { group: RankingGroup; year: number; canDecide: boolean }) {
  const { t } = useTranslation();
  const [deciding, setDeciding] = useState<RankingGroup['ties'][number] | null>(null);
  const columns: ColumnsType<RankingRow> = [
    { title: t('results.ranking.rank'), dataIndex: 'rank', width: 64 },
    { title: t('results.ranking.unit'), dataIndex: 'unitName', width: 200 },
    {
      title: t('results.ranking.indicatorTotal'),
      dataIndex: 'indicatorTotal',
      align: 'right',
      render: (v: number) => num(v),
    },
    {
      title: t('results.ranking.evaluation'),
      dataIndex: 'evaluation',
      align: 'right',
      render: (v: number | null) => num(v),
    },
    { title: t('results.ranking.bonus'), dataIndex: 'bonus', align: 'right', render: (v: number) => num(v) },
    { title: t('results.ranking.deductions'), dataIndex: 'deductions', align: 'right', render: (v: number) => num(v) },
    {
      title: t('results.ranking.composite'),
      dataIndex: 'composite',
      align: 'right',
      render: (v: number) => <b>{num(v)}</b>,
    },
    {
      title: t('results.ranking.tier'),
      dataIndex: 'tierName',
      render: (v: string, r) => <Tag color={['green', 'blue', 'gold', 'red'][r.tierIndex] ?? 'default'}>{v}</Tag>,
    },
    {
      title: t('results.ranking.marks'),
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          {r.vetoNames.length > 0 && (
            <Tag color="red">{t('results.ranking.veto', { names: r.vetoNames.join('、') })}</Tag>
          )}
          {r.downgraded && <Tag color="volcano">{t('results.ranking.downgraded')}</Tag>}
          {r.overridden && <Tag>{t('results.ranking.overridden', { tier: r.naturalTierName })}</Tag>}
          {r.tie && <Tag color="purple">{t('results.ranking.tie')}</Tag>}
          {r.flags.map((f) => (
            <Tag key={f}>{f}</Tag>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <Card
      size="small"
      title={`${group.name}（${t('results.ranking.units', { count: group.unitCount })}）`}
      style={{ marginBottom: 12 }}
      extra={
        <Space size={4} wrap>
          {group.quotas.map((q) => (
            <Tag key={q.tier}>
              {t('results.ranking.quota', { tier: q.tierName, filled: q.filled, quota: q.quota ?? '—' })}
            </Tag>
          ))}
        </Space>
      }
      data-testid={`ranking-${group.groupId}`}
    >
      {group.ties.map((tie) => (
        <TieAlert key={tie.tier} group={group} tie={tie} onDecide={canDecide ? setDeciding : undefined} />
      ))}
      {canDecide && <TieDecisionModal year={year} group={group} tie={deciding} onClose={() => setDeciding(null)} />}
      <Table
        size="small"
        rowKey="unitCode"
        columns={columns}
        dataSource={group.rows}
        pagination={false}
        scroll={{ x: 900 }}
      />
    </Card>
  );
}

export function RankingTab({ year, source, canDecide }: { year: number; source: Source; canDecide: boolean }) {
  const q = useQuery({
    queryKey: ['results', year, 'ranking', source],
    queryFn: () => resultsApi.ranking(year, source),
  });
  if (q.error) return <LoadError error={q.error} />;
  if (!q.data) return <Card loading />;
  return (
    <>
      {q.data.groups.map((g) => (
        <RankingTable key={g.groupId} group={g} year={year} canDecide={canDecide && source === 'preview'} />
      ))}
    </>
  );
}
