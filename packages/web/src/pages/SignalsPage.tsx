import { Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ColumnsType } from 'antd/es/table';
import { SIGNAL_KINDS, signalsApi, type Signal, type SignalKind } from '../api/supervision';
import { LoadError, RefreshButton } from '../components/ListParts';
import { PageHeader } from '../components/PageHeader';
import { useYears, YearFilter } from '../components/supervision/shared';
import { useListParams } from '../components/useListParams';

const KIND_COLORS: Record<SignalKind, string> = {
  downwardCorrection: 'orange',
  changedAfterApproval: 'magenta',
  sharedEvidence: 'purple',
  outlierJump: 'red',
};

export default function SignalsPage() {
  const { t } = useTranslation();
  const { values, update } = useListParams(['year', 'kind'] as const);
  const { defaultYear } = useYears();
  const year = Number(values.year) || defaultYear;
  const kind = values.kind as SignalKind | undefined;
  const list = useQuery({ queryKey: ['signals', year, kind], queryFn: () => signalsApi.list(year, kind) });
  const columns: ColumnsType<Signal> = [
    {
      title: t('signals.columns.kind'),
      width: 150,
      render: (_v, s) => <Tag color={KIND_COLORS[s.kind]}>{t(`signals.kinds.${s.kind}`)}</Tag>,
    },
    { title: t('signals.columns.units'), render: (_v, s) => s.units.map((u) => u.name).join('、') },
    {
      title: t('signals.columns.indicator'),
      render: (_v, s) =>
        s.indicatorId ? `${s.indicatorName ?? s.indicatorId}${s.nodeId ? ` · ${s.nodeId}` : ''}` : '—',
    },
    {
      title: t('signals.columns.detail'),
      render: (_v, s) => (
        <div>
          {t(`signals.explain.${s.kind}`, {
            ...s.figures,
            change: s.figures.change !== undefined ? Math.round(s.figures.change * 100) : '',
          })}
          {s.fileNames.length > 0 && (
            <div className="ys-muted" style={{ fontSize: 12 }}>
              {s.fileNames.join('、')}
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('signals.columns.link'),
      width: 110,
      render: (_v, s) => <Link to={s.link}>{t('signals.open')}</Link>,
    },
  ];
  const counts = list.data?.counts;
  return (
    <div>
      <PageHeader title={t('signals.title')} subtitle={t('signals.subtitle')} />
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <YearFilter year={year} onChange={(y) => update({ year: y })} />
          <Select
            allowClear
            style={{ width: 180 }}
            value={kind}
            placeholder={t('supervision.allKinds')}
            options={SIGNAL_KINDS.map((k) => ({
              value: k,
              label: `${t(`signals.kinds.${k}`)}${counts ? `（${counts[k]}）` : ''}`,
            }))}
            onChange={(k) => update({ kind: k })}
          />
          <RefreshButton onRefresh={() => void list.refetch()} />
        </Space>
        {counts && (
          <Typography.Paragraph type="secondary" data-testid="signal-counts">
            {SIGNAL_KINDS.map((k) => `${t(`signals.kinds.${k}`)} ${counts[k]}`).join(' · ')}
          </Typography.Paragraph>
        )}
        <LoadError error={list.error} />
        <Table
          rowKey="key"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          columns={columns}
          locale={{ emptyText: t('signals.empty') }}
          scroll={{ x: 800 }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
        />
      </Card>
    </div>
  );
}
