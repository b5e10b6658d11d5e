import { useEffect, useState } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Progress,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import type { ColumnsType } from 'antd/es/table';
import {
  SUPERVISION_KINDS,
  SUPERVISION_STATUSES,
  supervisionApi,
  type SupervisionInput,
  type SupervisionItem,
  type SupervisionKind,
  type SupervisionStatus,
} from '../api/supervision';
import { useSignedIn } from '../auth/session';
import { applyFieldErrors, errorMessage } from '../components/errors';
import { listPagination, LoadError, RefreshButton } from '../components/ListParts';
import { PageHeader } from '../components/PageHeader';
import { StatusTag, useLeafOptions, useUnitOptions, useYears, YearFilter } from '../components/supervision/shared';
import { useListParams } from '../components/useListParams';

const FILTER_KEYS = ['year', 'status', 'kind', 'q'] as const;
const FIELDS = [
  'year',
  'kind',
  'title',
  'source',
  'leader',
  'content',
  'ownerUnitId',
  'coUnitIds',
  'deadline',
  'indicatorId',
];

export function SupervisionForm({
  open,
  item,
  year,
  onClose,
}: {
  open: boolean;
  item: SupervisionItem | null;
  year: number;
  onClose: (saved?: SupervisionItem) => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const formYear = (Form.useWatch('year', form) as number | undefined) ?? item?.year ?? year;
  const unitOptions = useUnitOptions(open);
  const leafOptions = useLeafOptions(formYear, open);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      item
        ? {
            ...item,
            ownerUnitId: item.owner.id,
            coUnitIds: item.coUnits.map((u) => u.id),
            deadline: dayjs(item.deadline),
          }
        : { year, kind: 'leaderInstruction', coUnitIds: [] },
    );
  }, [open, item, year, form]);
  const save = useMutation({
    mutationFn: (v: SupervisionInput) =>
      item ? supervisionApi.update(item.id, { ...v, version: item.version }) : supervisionApi.create(v),
    onSuccess: (saved) => {
      message.success(t('supervision.saved'));
      void qc.invalidateQueries({ queryKey: ['supervision'] });
      onClose(saved);
    },
    onError: (e) => {
      applyFieldErrors(form, e, FIELDS);
      message.error(errorMessage(e, t));
    },
  });
  return (
    <Modal
      open={open}
      title={item ? t('supervision.edit') : t('supervision.create')}
      onCancel={() => onClose()}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      width={720}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'supervision-save' } as Record<string, string>}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v: Record<string, unknown>) =>
          save.mutate({
            ...(v as unknown as SupervisionInput),
            deadline: (v.deadline as dayjs.Dayjs).format('YYYY-MM-DD'),
            indicatorId: (v.indicatorId as string | undefined) ?? null,
          })
        }
      >
        <Space.Compact block style={{ gap: 12 }}>
          <Form.Item
            name="year"
            label={t('supervision.fields.year')}
            rules={[{ required: true }]}
            style={{ width: 120 }}
          >
            <Select
              disabled={!!item}
              options={[formYear - 1, formYear, formYear + 1].map((y) => ({ value: y, label: y }))}
            />
          </Form.Item>
          <Form.Item name="kind" label={t('supervision.fields.kind')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Select options={SUPERVISION_KINDS.map((k) => ({ value: k, label: t(`supervision.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="deadline" label={t('supervision.fields.deadline')} rules={[{ required: true }]}>
            <DatePicker data-testid="supervision-deadline" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="title" label={t('supervision.fields.title')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} data-testid="supervision-title" />
        </Form.Item>
        <Space.Compact block style={{ gap: 12 }}>
          <Form.Item name="source" label={t('supervision.fields.source')} style={{ flex: 2 }}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="leader" label={t('supervision.fields.leader')} style={{ flex: 1 }}>
            <Input maxLength={64} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="content" label={t('supervision.fields.content')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="ownerUnitId" label={t('supervision.fields.owner')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={unitOptions} data-testid="supervision-owner" />
        </Form.Item>
        <Form.Item name="coUnitIds" label={t('supervision.fields.coUnits')}>
          <Select mode="multiple" showSearch optionFilterProp="label" options={unitOptions} />
        </Form.Item>
        <Form.Item
          name="indicatorId"
          label={t('supervision.fields.indicator')}
          extra={t('supervision.fields.indicatorHint')}
        >
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={leafOptions}
            data-testid="supervision-indicator"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function SupervisionPage() {
  const { t } = useTranslation();
  const { can } = useSignedIn();
  const { values, page, pageSize, update } = useListParams(FILTER_KEYS);
  const { defaultYear } = useYears();
  const year = Number(values.year) || defaultYear;
  const [search, setSearch] = useState(values.q ?? '');
  const [editing, setEditing] = useState<{ item: SupervisionItem | null } | null>(null);
  useEffect(() => setSearch(values.q ?? ''), [values.q]);
  const query = {
    year,
    status: values.status as SupervisionStatus | undefined,
    kind: values.kind as SupervisionKind | undefined,
    q: values.q,
    page,
    pageSize,
  };
  const list = useQuery({
    queryKey: ['supervision', query],
    queryFn: () => supervisionApi.list(query),
    placeholderData: keepPreviousData,
  });
  const columns: ColumnsType<SupervisionItem> = [
    {
      title: t('supervision.columns.title'),
      dataIndex: 'title',
      render: (_v, r) => (
        <div>
          <Link to={`/supervision/${r.id}`} data-testid="supervision-link">
            {r.title}
          </Link>
          <div className="ys-muted" style={{ fontSize: 12 }}>
            {t(`supervision.kinds.${r.kind}`)}
            {r.source ? ` · ${r.source}` : ''}
          </div>
        </div>
      ),
    },
    {
      title: t('supervision.columns.owner'),
      render: (_v, r) => (
        <div>
          {r.owner.name}
          {r.coUnits.length > 0 && (
            <div className="ys-muted" style={{ fontSize: 12 }}>
              {t('supervision.columns.coUnits')}：{r.coUnits.map((u) => u.name).join('、')}
            </div>
          )}
        </div>
      ),
    },
    { title: t('supervision.columns.deadline'), dataIndex: 'deadline', width: 110 },
    {
      title: t('supervision.columns.progress'),
      width: 150,
      render: (_v, r) => (
        <Progress
          percent={r.progress}
          size="small"
          status={r.status === 'overdue' ? 'exception' : r.status === 'done' ? 'success' : 'active'}
        />
      ),
    },
    { title: t('supervision.columns.status'), width: 90, render: (_v, r) => <StatusTag status={r.status} /> },
    {
      title: t('supervision.columns.indicator'),
      width: 180,
      render: (_v, r) =>
        r.indicatorId ? (
          (r.indicatorName ?? r.indicatorId)
        ) : (
          <span className="ys-muted">{t('supervision.notLinked')}</span>
        ),
    },
  ];
  const counts = list.data?.counts;
  return (
    <div>
      <PageHeader
        title={t('supervision.title')}
        subtitle={t('supervision.subtitle')}
        extra={
          can('supervision:write') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ item: null })}
              data-testid="supervision-create"
            >
              {t('supervision.create')}
            </Button>
          )
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <YearFilter year={year} onChange={(y) => update({ year: y })} />
          <Select
            allowClear
            placeholder={t('supervision.allStatuses')}
            style={{ width: 130 }}
            value={values.status}
            options={SUPERVISION_STATUSES.map((s) => ({ value: s, label: t(`supervision.statuses.${s}`) }))}
            onChange={(s) => update({ status: s })}
          />
          <Select
            allowClear
            placeholder={t('supervision.allKinds')}
            style={{ width: 170 }}
            value={values.kind}
            options={SUPERVISION_KINDS.map((k) => ({ value: k, label: t(`supervision.kinds.${k}`) }))}
            onChange={(k) => update({ kind: k })}
          />
          <Input.Search
            allowClear
            placeholder={t('supervision.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(q) => update({ q })}
            style={{ width: 240 }}
          />
          <RefreshButton onRefresh={() => void list.refetch()} />
        </Space>
        {counts && (
          <Typography.Paragraph type="secondary" data-testid="supervision-counts">
            {t('supervision.counts', counts)}
          </Typography.Paragraph>
        )}
        <LoadError error={list.error} />
        <Table
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          columns={columns}
          scroll={{ x: 900 }}
          pagination={listPagination(t, page, pageSize, list.data?.total ?? 0, update)}
        />
      </Card>
      <SupervisionForm open={!!editing} item={editing?.item ?? null} year={year} onClose={() => setEditing(null)} />
    </div>
  );
}
