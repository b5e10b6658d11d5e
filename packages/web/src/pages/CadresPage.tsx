import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
} from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { ColumnsType } from 'antd/es/table';
import { cadresApi, type CadreFileUnit, type Leader } from '../api/cadres';
import { useSignedIn } from '../auth/session';
import { saveBlob } from '../components/ExcelButtons';
import { errorMessage } from '../components/errors';
import { useWork } from '../components/useWork';
import { LoadError, RefreshButton } from '../components/ListParts';
import { PageHeader } from '../components/PageHeader';
import { useUnitOptions, useYears, YearFilter } from '../components/supervision/shared';
import { useListParams } from '../components/useListParams';

type LeaderForm = {
  unitId: string;
  name: string;
  post: string;
  principal?: boolean;
  startedOn: Dayjs;
  endedOn?: Dayjs | null;
  note?: string;
};

/** Add (leader === 'new') or edit a member of a unit's leadership team. */
function LeaderModal({ year, leader, onClose }: { year: number; leader: Leader | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<LeaderForm>();
  const units = useUnitOptions(leader !== null);
  const qc = useQueryClient();
  const editing = leader !== null && leader !== 'new' ? leader : null;
  const save = useMutation({
    mutationFn: (v: LeaderForm) => {
      const body = {
        name: v.name,
        post: v.post,
        principal: v.principal ?? false,
        startedOn: v.startedOn.format('YYYY-MM-DD'),
        endedOn: v.endedOn ? v.endedOn.format('YYYY-MM-DD') : null,
        note: v.note ?? null,
      };
      return editing
        ? cadresApi.update(editing.id, { ...body, version: editing.version })
        : cadresApi.create({ ...body, year, unitId: v.unitId });
    },
    onSuccess: () => {
      message.success(t('cadres.saved'));
      void qc.invalidateQueries({ queryKey: ['cadres'] });
      onClose();
    },
    onError: (e) => message.error(errorMessage(e, t)),
  });
  const rule = [{ required: true, message: t('cadres.required') }];
  return (
    <Modal
      open={leader !== null}
      title={editing ? t('cadres.edit') : t('cadres.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          editing
            ? {
                unitId: editing.unit.id,
                name: editing.name,
                post: editing.post,
                principal: editing.principal,
                startedOn: dayjs(editing.startedOn),
                endedOn: editing.endedOn ? dayjs(editing.endedOn) : null,
                note: editing.note ?? undefined,
              }
            : { principal: false }
        }
        onFinish={(v) => save.mutate(v)}
        data-testid="leader-form"
      >
        <Form.Item name="unitId" label={t('cadres.fields.unit')} rules={rule}>
          <Select showSearch optionFilterProp="label" options={units} disabled={editing !== null} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="name" label={t('cadres.fields.name')} rules={rule}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="post" label={t('cadres.fields.post')} rules={rule}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="principal" label={t('cadres.fields.principal')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Space size="large" wrap>
          <Form.Item name="startedOn" label={t('cadres.fields.startedOn')} rules={rule}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="endedOn" label={t('cadres.fields.endedOn')}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="note" label={t('cadres.fields.note')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function LeadersTab({ year, office }: { year: number; office: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<Leader | 'new' | null>(null);
  // Every fetch is an audited read: no refetch on focus, only when asked.
  const list = useQuery({
    queryKey: ['cadres', 'leaders', year],
    queryFn: () => cadresApi.list(year),
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
  const remove = useMutation({
    mutationFn: (l: Leader) => cadresApi.remove(l.id, l.version),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['cadres'] }),
    onError: (e) => message.error(errorMessage(e, t)),
  });
  const columns: ColumnsType<Leader> = [
    { title: t('cadres.columns.unit'), width: 140, render: (_v, r) => r.unit.name },
    { title: t('cadres.columns.name'), dataIndex: 'name', width: 100 },
    {
      title: t('cadres.columns.post'),
      width: 160,
      render: (_v, r) => (
        <span>
          {r.post} {r.principal && <Tag color="blue">{t('cadres.principalTag')}</Tag>}
        </span>
      ),
    },
    {
      title: t('cadres.columns.term'),
      width: 220,
      render: (_v, r) => `${r.startedOn} — ${r.endedOn ?? t('cadres.current')}`,
    },
    { title: t('cadres.columns.note'), dataIndex: 'note' },
    ...(office
      ? [
          {
            title: t('cadres.columns.actions'),
            width: 140,
            render: (_v: unknown, r: Leader) => (
              <Space size={4}>
                <Button size="small" onClick={() => setEditing(r)}>
                  {t('cadres.edit')}
                </Button>
                <Popconfirm title={t('cadres.removeConfirm')} onConfirm={() => remove.mutate(r)}>
                  <Button size="small" danger>
                    {t('cadres.remove')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <RefreshButton onRefresh={() => void list.refetch()} />
        {office && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('cadres.create')}
          </Button>
        )}
      </Space>
      <LoadError error={list.error} />
      <Table
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        columns={columns}
        locale={{ emptyText: t('cadres.empty') }}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="leaders-table"
      />
      <LeaderModal year={year} leader={editing} onClose={() => setEditing(null)} />
    </>
  );
}

function FilesTab({ year }: { year: number }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const work = useWork();
  const files = useQuery({
    queryKey: ['cadres', 'files', year],
    queryFn: () => cadresApi.files(year),
    refetchOnWindowFocus: false,
    staleTime: Infinity,
    retry: false,
  });
  const exportFile = useMutation({
    mutationFn: async () => {
      const f = await work.run(t('work.resultsUse', { year }), () => cadresApi.export(year));
      saveBlob(f.blob, f.filename ?? `cadres-${year}.xlsx`);
    },
    onSuccess: () => message.success(t('cadres.exported')),
    onError: (e) => message.error(errorMessage(e, t)),
  });
  const columns: ColumnsType<CadreFileUnit> = [
    {
      title: t('cadres.columns.unit'),
      width: 150,
      render: (_v, r) => (
        <div>
          {r.unit.name}
          <div className="ys-muted" style={{ fontSize: 12 }}>
            {r.groupName}
          </div>
        </div>
      ),
    },
    { title: t('cadres.columns.rank'), dataIndex: 'rank', width: 60 },
    { title: t('cadres.columns.tier'), dataIndex: 'tierName', width: 70 },
    { title: t('cadres.columns.composite'), dataIndex: 'composite', width: 90 },
    {
      title: t('cadres.columns.history'),
      width: 180,
      render: (_v, r) =>
        r.rankHistory.map((h) => (
          <div key={h.year}>{t('cadres.historyLine', { year: h.year, rank: h.rank ?? '—', tier: h.tierName })}</div>
        )),
    },
    {
      title: t('cadres.columns.consequences'),
      width: 240,
      render: (_v, r) => r.consequences.map((c) => <div key={c}>{c}</div>),
    },
    {
      title: t('cadres.columns.leaders'),
      render: (_v, r) =>
        r.leaders.map((l) => (
          <div key={l.id}>
            {l.post} {l.name}
            {l.principal && (
              <Tag color="blue" style={{ marginLeft: 4 }}>
                {t('cadres.principalTag')}
              </Tag>
            )}
            <span className="ys-muted" style={{ fontSize: 12, marginLeft: 4 }}>
              {l.startedOn} — {l.endedOn ?? t('cadres.current')}
            </span>
          </div>
        )),
    },
  ];
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <RefreshButton onRefresh={() => void files.refetch()} />
        <Button
          icon={<DownloadOutlined />}
          onClick={() => exportFile.mutate()}
          loading={exportFile.isPending}
          data-testid="cadres-export"
        >
          {t('cadres.export')}
        </Button>
      </Space>
      <LoadError error={files.error} />
      <Table
        rowKey={(r) => r.unit.id}
        size="middle"
        loading={files.isFetching}
        dataSource={files.data?.units ?? []}
        columns={columns}
        locale={{ emptyText: t('cadres.filesEmpty') }}
        pagination={false}
        scroll={{ x: 1200 }}
        data-testid="cadre-files-table"
      />
    </>
  );
}

export default function CadresPage() {
  const { t } = useTranslation();
  const { can } = useSignedIn();
  const { values, update } = useListParams(['year', 'tab'] as const);
  const { defaultYear } = useYears();
  const year = Number(values.year) || defaultYear;
  const tab = values.tab === 'files' ? 'files' : 'leaders';
  return (
    <div>
      <PageHeader
        title={t('cadres.title')}
        subtitle={t('cadres.subtitle')}
        extra={<YearFilter year={year} onChange={(y) => update({ year: y })} />}
      />
      <Alert type="info" showIcon message={t('cadres.audited')} style={{ marginBottom: 16 }} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => update({ tab: k === 'leaders' ? undefined : k })}
          destroyOnHidden
          items={[
            {
              key: 'leaders',
              label: t('cadres.tabs.leaders'),
              children: <LeadersTab year={year} office={can('cadres:write')} />,
            },
            { key: 'files', label: t('cadres.tabs.files'), children: <FilesTab year={year} /> },
          ]}
        />
      </Card>
    </div>
  );
}
