import { useState } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { ColumnsType } from 'antd/es/table';
import { cityApi, type CityIndicator, type CityLight, type CityNode } from '../api/supervision';
import { useSignedIn } from '../auth/session';
import { errorMessage } from '../components/errors';
import { LoadError, RefreshButton } from '../components/ListParts';
import { PageHeader } from '../components/PageHeader';
import { LIGHT_COLORS, useLeafOptions, useUnitOptions, useYears, YearFilter } from '../components/supervision/shared';
import { useListParams } from '../components/useListParams';

function RedLightCounts({ year }: { year: number }) {
  const { t, i18n } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs(`${year}-01-01`), dayjs(`${year}-06-30`)]);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const counts = useQuery({ queryKey: ['city-counts', from, to], queryFn: () => cityApi.counts(from, to) });
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <Card
      title={t('city.countsTitle')}
      style={{ marginBottom: 16 }}
      extra={
        <Space>
          <span className="ys-muted">{t('city.period')}</span>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
            data-testid="counts-period"
          />
        </Space>
      }
    >
      <LoadError error={counts.error} />
      {counts.data && (
        <div data-testid="red-light-counts">
          {(['city', 'county'] as const).map((k) => {
            const p = counts.data[k];
            return (
              <div key={k} style={{ marginBottom: 12 }}>
                <Typography.Text strong>{t(k === 'city' ? 'city.cityPicture' : 'city.countyPicture')}</Typography.Text>
                <Typography.Paragraph style={{ margin: '4px 0' }} data-testid={`counts-${k}`}>
                  {p.sentence[lang]}
                </Typography.Paragraph>
                <Space size="large" wrap>
                  <Statistic
                    title={t('city.stat.indicators')}
                    value={p.indicators}
                    valueStyle={{ color: p.indicators ? '#cf1322' : undefined }}
                  />
                  <Statistic title={t('city.stat.indicatorUnits')} value={p.indicatorUnits} />
                  <Statistic
                    title={t('city.stat.nodes')}
                    value={p.nodes}
                    valueStyle={{ color: p.nodes ? '#cf1322' : undefined }}
                  />
                  <Statistic title={t('city.stat.nodeUnits')} value={p.nodeUnits} />
                </Space>
              </div>
            );
          })}
        </div>
      )}
    </Card>
  );
}

/** A city dialog's save: says it is saved, refreshes the city list (and the other queries named) and closes. */
function useCitySave<V>(mutationFn: (v: V) => Promise<unknown>, onClose: () => void, alsoRefresh: string[] = []) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => {
      message.success(t('city.saved'));
      for (const key of ['city', ...alsoRefresh]) void qc.invalidateQueries({ queryKey: [key] });
      onClose();
    },
    onError: (e) => message.error(errorMessage(e, t)),
  });
}

function NodeLightModal({ node, onClose }: { node: CityNode | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const save = useCitySave(
    (v: { light: CityLight | 'none'; lightOn?: Dayjs; note?: string }) =>
      cityApi.updateNode(node?.id ?? '', {
        version: node?.version ?? 0,
        light: v.light === 'none' ? null : v.light,
        lightOn: v.lightOn ? v.lightOn.format('YYYY-MM-DD') : null,
        note: v.note ?? null,
      }),
    onClose,
    ['city-counts'],
  );
  return (
    <Modal
      open={!!node}
      title={`${t('city.setLight')}：${node?.name ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {node && (
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{
            light: node.light ?? 'none',
            lightOn: node.lightOn ? dayjs(node.lightOn) : dayjs(),
            note: node.note,
          }}
          onFinish={(v) => save.mutate(v)}
        >
          <Form.Item name="light" label={t('city.setLight')}>
            <Select
              options={(['none', 'green', 'yellow', 'red'] as const).map((l) => ({
                value: l,
                label: t(`city.lights.${l}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="lightOn" label={t('city.lightOn')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="note" label={t('city.note')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

function ResultModal({ ind, onClose }: { ind: CityIndicator | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const save = useCitySave(
    (v: { resultScore?: number; resultMax?: number; resultRank?: number }) =>
      cityApi.update(ind?.id ?? '', {
        version: ind?.version ?? 0,
        resultScore: v.resultScore ?? null,
        resultMax: v.resultMax ?? null,
        resultRank: v.resultRank ?? null,
      }),
    onClose,
  );
  return (
    <Modal
      open={!!ind}
      title={`${t('city.result')}：${ind?.name ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {ind && (
        <Form
          form={form}
          layout="inline"
          preserve={false}
          initialValues={{
            resultScore: ind.resultScore,
            resultMax: ind.resultMax ?? ind.points,
            resultRank: ind.resultRank,
          }}
          onFinish={(v) => save.mutate(v)}
        >
          <Form.Item name="resultScore" label={t('city.fields.score')}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="resultMax" label={t('city.fields.max')}>
            <InputNumber min={0.01} />
          </Form.Item>
          <Form.Item name="resultRank" label={t('city.fields.rank')}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

function CreateModal({ open, year, onClose }: { open: boolean; year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const units = useUnitOptions(open);
  const leaves = useLeafOptions(year, open);
  const save = useCitySave(
    (v: Record<string, unknown>) =>
      cityApi.create({
        year,
        code: v.code as string,
        name: v.name as string,
        cityDepartment: (v.cityDepartment as string | undefined) ?? null,
        points: (v.points as number | undefined) ?? null,
        leadUnitId: (v.leadUnitId as string | undefined) ?? null,
        unitIds: (v.unitIds as string[] | undefined) ?? [],
        indicatorId: (v.indicatorId as string | undefined) ?? null,
        nodes: ((v.nodes as { name: string; due: Dayjs }[] | undefined) ?? []).map((n) => ({
          name: n.name,
          due: n.due.format('YYYY-MM-DD'),
        })),
      }),
    onClose,
  );
  return (
    <Modal
      open={open}
      title={t('city.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={720}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) => save.mutate(v)}
        initialValues={{ nodes: [{}] }}
      >
        <Space.Compact block style={{ gap: 12 }}>
          <Form.Item
            name="code"
            label={t('city.fields.code')}
            rules={[{ required: true, whitespace: true }]}
            style={{ width: 140 }}
          >
            <Input maxLength={32} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('city.fields.name')}
            rules={[{ required: true, whitespace: true }]}
            style={{ flex: 1 }}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block style={{ gap: 12 }}>
          <Form.Item name="cityDepartment" label={t('city.fields.dept')} style={{ flex: 1 }}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="points" label={t('city.fields.points')}>
            <InputNumber min={0} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="leadUnitId" label={t('city.fields.lead')}>
          <Select allowClear showSearch optionFilterProp="label" options={units} />
        </Form.Item>
        <Form.Item name="unitIds" label={t('city.fields.units')}>
          <Select mode="multiple" showSearch optionFilterProp="label" options={units} />
        </Form.Item>
        <Form.Item name="indicatorId" label={t('city.fields.indicator')}>
          <Select allowClear showSearch optionFilterProp="label" options={leaves} />
        </Form.Item>
        <Form.List name="nodes">
          {(fields, { add, remove }) => (
            <div>
              <Typography.Text strong>{t('city.fields.nodes')}</Typography.Text>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" style={{ display: 'flex', marginTop: 8 }}>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true }]}>
                    <Input placeholder={t('city.fields.nodeName')} maxLength={200} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'due']} rules={[{ required: true }]}>
                    <DatePicker placeholder={t('city.fields.due')} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                {t('city.fields.addNode')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

export default function CityPage() {
  const { t } = useTranslation();
  const { can } = useSignedIn();
  const { values, update } = useListParams(['year'] as const);
  const { defaultYear } = useYears();
  const year = Number(values.year) || defaultYear;
  const office = can('city:write');
  const [creating, setCreating] = useState(false);
  const [lightNode, setLightNode] = useState<CityNode | null>(null);
  const [resultOf, setResultOf] = useState<CityIndicator | null>(null);
  const list = useQuery({ queryKey: ['city', year], queryFn: () => cityApi.list(year) });
  const today = dayjs().format('YYYY-MM-DD');
  const warnDays = list.data?.warnDays ?? 10;
  const columns: ColumnsType<CityIndicator> = [
    { title: t('city.columns.code'), dataIndex: 'code', width: 80 },
    {
      title: t('city.columns.name'),
      render: (_v, r) => (
        <div>
          {r.name}
          <div className="ys-muted" style={{ fontSize: 12 }}>
            {[r.cityDepartment, r.points !== null ? `${r.points} ${t('city.columns.points')}` : null]
              .filter(Boolean)
              .join(' · ')}
          </div>
        </div>
      ),
    },
    {
      title: t('city.columns.units'),
      render: (_v, r) =>
        r.units.map((u, i) =>
          i === 0 && r.leadUnit?.id === u.id ? (
            <strong key={u.id}>{u.name} </strong>
          ) : (
            <span key={u.id}>{u.name} </span>
          ),
        ),
    },
    {
      title: t('city.columns.nodes'),
      render: (_v, r) => (
        <Space size={[4, 4]} wrap>
          {r.nodes.map((n) => {
            const days = dayjs(n.due).diff(dayjs(today), 'day');
            const soon = !n.light && days >= 0 && days <= warnDays;
            const tag = (
              <Tag
                key={n.id}
                color={n.light ? LIGHT_COLORS[n.light] : soon ? 'orange' : undefined}
                style={{ cursor: office ? 'pointer' : undefined }}
                onClick={office ? () => setLightNode(n) : undefined}
                data-testid="city-node"
              >
                {n.name} {n.due.slice(5)}
                {n.light ? ` · ${t(`city.lights.${n.light}`)}` : soon ? ` · ${t('city.dueIn', { days })}` : ''}
              </Tag>
            );
            return n.note ? (
              <Tooltip key={n.id} title={n.note}>
                {tag}
              </Tooltip>
            ) : (
              tag
            );
          })}
        </Space>
      ),
    },
    {
      title: t('city.columns.result'),
      width: 160,
      render: (_v, r) => {
        const text =
          r.resultScore !== null || r.resultRank !== null
            ? t('city.resultText', { score: r.resultScore ?? '—', max: r.resultMax ?? '—', rank: r.resultRank ?? '—' })
            : t('city.noResult');
        return office ? <a onClick={() => setResultOf(r)}>{text}</a> : text;
      },
    },
    {
      title: t('city.columns.indicator'),
      width: 160,
      render: (_v, r) => (r.indicatorId ? (r.indicatorName ?? r.indicatorId) : '—'),
    },
  ];
  return (
    <div>
      <PageHeader
        title={t('city.title')}
        subtitle={t('city.subtitle', { days: warnDays })}
        extra={
          office && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('city.create')}
            </Button>
          )
        }
      />
      <RedLightCounts key={year} year={year} />
      <Card>
        <Space style={{ marginBottom: 12 }}>
          <YearFilter year={year} onChange={(y) => update({ year: y })} />
          <RefreshButton onRefresh={() => void list.refetch()} />
        </Space>
        <LoadError error={list.error} />
        <Table
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          columns={columns}
          locale={{ emptyText: t('city.empty') }}
          scroll={{ x: 1000 }}
          pagination={false}
        />
      </Card>
      <CreateModal open={creating} year={year} onClose={() => setCreating(false)} />
      <NodeLightModal node={lightNode} onClose={() => setLightNode(null)} />
      <ResultModal ind={resultOf} onClose={() => setResultOf(null)} />
    </div>
  );
}
