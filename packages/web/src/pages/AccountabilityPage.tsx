import { useState } from 'react';
import { Card, Empty, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ColumnsType } from 'antd/es/table';
import { accountabilityApi, type AssessorRow, type Concern } from '../api/accountability';
import { LoadError } from '../components/ListParts';
import { PageHeader } from '../components/PageHeader';

const CONCERN_COLORS: Record<Concern, string> = {
  fullMarks: 'red',
  uniform: 'orange',
  corrected: 'magenta',
  dataChanged: 'volcano',
  generous: 'gold',
};

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** R34: how each assessor scored, per published year (kept across years), for the office. */
export default function AccountabilityPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [year, setYear] = useState<number | undefined>();
  const all = useQuery({ queryKey: ['accountability', 'all'], queryFn: () => accountabilityApi.assessors() });
  const years = all.data?.years.map((y) => y.year) ?? [];
  const shown = (all.data?.years ?? []).filter((y) => year === undefined || y.year === year);
  const th = all.data?.thresholds;

  const columns: ColumnsType<AssessorRow> = [
    { title: t('accountability.assessor'), dataIndex: 'assessorName', width: 160, fixed: 'left' },
    { title: t('accountability.scores'), dataIndex: 'scores', width: 80, align: 'right' },
    {
      title: t('accountability.fullMarkShare'),
      key: 'fm',
      width: 90,
      align: 'right',
      sorter: (a, b) => a.fullMarkShare - b.fullMarkShare,
      render: (_, r) => pct(r.fullMarkShare),
    },
    {
      title: t('accountability.distinctShare'),
      key: 'ds',
      width: 100,
      align: 'right',
      render: (_, r) => pct(r.distinctShare),
    },
    { title: t('accountability.cv'), dataIndex: 'cv', width: 80, align: 'right' },
    { title: t('accountability.corrections'), dataIndex: 'corrections', width: 90, align: 'right' },
    { title: t('accountability.dataDifferences'), dataIndex: 'dataDifferences', width: 110, align: 'right' },
    {
      title: <Tooltip title={t('accountability.sharedGapHint')}>{t('accountability.sharedGap')}</Tooltip>,
      key: 'gap',
      width: 110,
      align: 'right',
      render: (_, r) =>
        r.sharedUnits > 0 ? `${r.sharedGap >= 0 ? '+' : ''}${Math.round(r.sharedGap * 1000) / 10}` : '—',
    },
    {
      title: t('accountability.concerns'),
      key: 'c',
      width: 180,
      filters: (['fullMarks', 'uniform', 'corrected', 'dataChanged', 'generous'] as const).map((c) => ({
        text: t(`accountability.concern.${c}`),
        value: c,
      })),
      onFilter: (v, r) => r.concerns.includes(v as Concern),
      render: (_, r) =>
        r.concerns.map((c) => (
          <Tag key={c} color={CONCERN_COLORS[c]}>
            {t(`accountability.concern.${c}`)}
          </Tag>
        )),
    },
    {
      title: t('accountability.rules'),
      key: 'r',
      width: 160,
      render: (_, r) =>
        r.ruleHits.length === 0
          ? t('accountability.noRule')
          : r.ruleHits.map((h) => (
              <Tooltip key={h.ruleId} title={h.note}>
                <Tag color="red">{t('accountability.ruleHit', { rule: h.ruleName, points: h.points })}</Tag>
              </Tooltip>
            )),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('accountability.title')}
        subtitle={t('accountability.subtitle')}
        extra={
          <Space>
            <span>{t('accountability.year')}</span>
            <Select
              data-testid="accountability-year"
              value={year ?? 'all'}
              style={{ width: 120 }}
              onChange={(v) => setYear(v === 'all' ? undefined : Number(v))}
              options={[
                { value: 'all', label: t('accountability.allYears') },
                ...years.map((y) => ({ value: y, label: y })),
              ]}
            />
          </Space>
        }
      />
      {th && (
        <Typography.Paragraph type="secondary">
          {t('accountability.thresholds', {
            minScores: th.minScores,
            fullMarkShare: Math.round(th.fullMarkShare * 100),
            cv: th.cv,
            sharedGap: Math.round(th.sharedGap * 100),
          })}
        </Typography.Paragraph>
      )}
      {all.error ? (
        <LoadError error={all.error} />
      ) : all.isLoading ? (
        <Card loading />
      ) : shown.length === 0 ? (
        <Empty description={t('accountability.empty')} />
      ) : (
        shown.map((y) => (
          <Card
            key={y.year}
            size="small"
            title={t('accountability.yearTitle', { year: y.year, seq: y.snapshotSeq })}
            style={{ marginBottom: 12 }}
            data-testid={`accountability-${y.year}`}
          >
            <Table<AssessorRow>
              size="small"
              rowKey="assessorId"
              pagination={false}
              scroll={{ x: 1100 }}
              columns={columns}
              dataSource={y.assessors}
              expandable={{
                defaultExpandAllRows: true,
                expandedRowRender: (r) => (
                  <Typography.Text data-testid={`accountability-sentence-${r.assessorId}`}>
                    {en ? r.sentenceEn : r.sentence}
                  </Typography.Text>
                ),
              }}
            />
          </Card>
        ))
      )}
    </>
  );
}
