import { useState } from 'react';
import { Drawer, Grid, Segmented, Space, Table, Timeline, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ColumnsType } from 'antd/es/table';
import { inYearApi, type Light, type LightRow } from '../../api/inyear';
import { LoadError } from '../../components/ListParts';
import { PageHeader } from '../../components/PageHeader';
import { LightTag } from './parts';

const DOT: Record<Light, string> = { green: 'green', yellow: 'orange', red: 'red' };

function History({ row }: { row: LightRow }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['inyear', 'history', row.unitId, row.indicatorId, row.nodeId],
    queryFn: () => inYearApi.history({ unitId: row.unitId, indicatorId: row.indicatorId, nodeId: row.nodeId }),
  });
  return (
    <>
      <Typography.Paragraph type="secondary">
        {row.unitName} · {row.indicatorName} · {row.nodeName}（{row.due}）
      </Typography.Paragraph>
      {q.error && <LoadError error={q.error} />}
      <Timeline
        items={(q.data?.items ?? []).map((h) => ({
          color: DOT[h.light],
          children: (
            <Space direction="vertical" size={0}>
              <span>
                {h.day} <LightTag light={h.light} /> {t(`inyear.reason.${h.reason}`)}
              </span>
              {h.previous && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('inyear.lights.from')}：{t(`inyear.light.${h.previous}`)}
                </Typography.Text>
              )}
            </Space>
          ),
        }))}
      />
    </>
  );
}

export default function LightsPage() {
  const { t } = useTranslation();
  const [light, setLight] = useState<Light | 'all'>('red');
  const isPhone = Grid.useBreakpoint().md === false;
  const [open, setOpen] = useState<LightRow | null>(null);
  const q = useQuery({
    queryKey: ['inyear', 'lights', light],
    queryFn: () => inYearApi.lights(light === 'all' ? {} : { light }),
    placeholderData: keepPreviousData,
  });
  const all = useQuery({ queryKey: ['inyear', 'lights', 'all'], queryFn: () => inYearApi.lights({}) });
  const counts = all.data?.counts ?? { red: 0, yellow: 0, green: 0 };
  // On a phone the light comes first and the rest stacks in one cell, so the colour is never scrolled away.
  const phoneColumns: ColumnsType<LightRow> = [
    {
      title: t('inyear.lights.title'),
      key: 'light',
      width: 76,
      render: (_, r) => <LightTag light={r.light} reason={r.reason} />,
    },
    {
      title: t('inyear.verify.indicator'),
      key: 'what',
      render: (_, r) => (
        <div>
          <div>{r.indicatorName}</div>
          <div className="ys-muted" style={{ fontSize: 12 }}>
            {r.unitName} · {r.nodeName}（{r.due}）
          </div>
        </div>
      ),
    },
  ];
  const columns: ColumnsType<LightRow> = [
    { title: t('inyear.verify.unit'), key: 'unit', render: (_, r) => `${r.unitName}（${r.unitCode}）`, width: 160 },
    { title: t('inyear.verify.indicator'), dataIndex: 'indicatorName' },
    { title: t('inyear.verify.node'), key: 'node', render: (_, r) => `${r.nodeName}（${r.due}）`, width: 160 },
    { title: t('inyear.lights.title'), key: 'light', width: 100, render: (_, r) => <LightTag light={r.light} /> },
    { title: '', key: 'reason', width: 140, render: (_, r) => t(`inyear.reason.${r.reason}`) },
  ];
  return (
    <div>
      <PageHeader title={t('inyear.lights.title')} subtitle={t('inyear.lights.subtitle')} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={light}
          onChange={(v) => setLight(v as Light | 'all')}
          options={[
            { value: 'red', label: `${t('inyear.light.red')} ${counts.red}` },
            { value: 'yellow', label: `${t('inyear.light.yellow')} ${counts.yellow}` },
            { value: 'green', label: `${t('inyear.light.green')} ${counts.green}` },
            { value: 'all', label: t('inyear.todo.all') },
          ]}
          data-testid="lights-filter"
        />
        <Typography.Text type="secondary">{t('inyear.lights.counts', counts)}</Typography.Text>
      </Space>
      {q.error && <LoadError error={q.error} />}
      <Table<LightRow>
        size="small"
        rowKey={(r) => `${r.unitId}|${r.indicatorId}|${r.nodeId}`}
        loading={q.isFetching}
        columns={isPhone ? phoneColumns : columns}
        dataSource={q.data?.items ?? []}
        scroll={isPhone ? undefined : { x: 700 }}
        onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
        pagination={{ pageSize: 50, showSizeChanger: true }}
      />
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        title={t('inyear.lights.history')}
        destroyOnHidden
        size={420}
      >
        {open && <History row={open} />}
      </Drawer>
    </div>
  );
}
