import { useState } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import type { ColumnsType } from 'antd/es/table';
import { recordsApi } from '../api/endpoints';
import { supervisionApi } from '../api/supervision';
import { sharedTasksApi, type SharedKind, type SharedTask, type SharedTaskDispute } from '../api/sharedtasks';
import { useSignedIn } from '../auth/session';
import { errorMessage } from '../components/errors';
import { LoadError, RefreshButton } from '../components/ListParts';
import { PageHeader } from '../components/PageHeader';
import { useLeafOptions, useUnitOptions, useYears, YearFilter } from '../components/supervision/shared';
import { useListParams } from '../components/useListParams';

const DISPUTE_COLORS = { open: 'warning', upheld: 'success', dismissed: 'default' } as const;

/** Percent in the form, fraction on the wire; 33.33 + 33.33 + 33.34 is read as thirds when it totals 100. */
type ShareRow = { unitId?: string; percent?: number };
const toShares = (rows: ShareRow[] | undefined) =>
  (rows ?? []).map((r) => ({ unitId: r.unitId ?? '', share: (r.percent ?? 0) / 100 }));
const sumOf = (rows: ShareRow[] | undefined) =>
  Math.round((rows ?? []).reduce((a, r) => a + (r.percent ?? 0), 0) * 100) / 100;
const pct = (x: number) => `${Math.round(x * 10000) / 100}%`;

function useSave<V>(mutationFn: (v: V) => Promise<unknown>, onClose: () => void) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => {
      message.success(t('sharedTasks.saved'));
      void qc.invalidateQueries({ queryKey: ['shared-tasks'] });
      onClose();
    },
    onError: (e) => message.error(errorMessage(e, t)),
  });
}

/** The units and their shares (in percent), with the running total. */
function SharesField({ name = 'shares' }: { name?: string }) {
  const { t } = useTranslation();
  const units = useUnitOptions();
  const form = Form.useFormInstance();
  const rows = Form.useWatch(name, form) as ShareRow[] | undefined;
  const sum = sumOf(rows);
  return (
    <>
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                <Form.Item name={[f.name, 'unitId']} rules={[{ required: true, message: t('sharedTasks.required') }]}>
                  <Select
                    showSearch
                    optionFilterProp="label"
                    style={{ width: 260 }}
                    placeholder={t('sharedTasks.fields.unit')}
                    options={units}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'percent']} rules={[{ required: true, message: t('sharedTasks.required') }]}>
                  <InputNumber
                    min={0.01}
                    max={100}
                    step={5}
                    addonAfter="%"
                    placeholder={t('sharedTasks.fields.share')}
                  />
                </Form.Item>
                <MinusCircleOutlined onClick={() => remove(f.name)} />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
              {t('sharedTasks.fields.addUnit')}
            </Button>
          </>
        )}
      </Form.List>
      <Typography.Paragraph
        type={Math.abs(sum - 100) > 0.001 ? 'danger' : 'secondary'}
        style={{ marginTop: 8 }}
        data-testid="shares-sum"
      >
        {Math.abs(sum - 100) > 0.001 ? t('sharedTasks.sumWrong', { sum }) : t('sharedTasks.sum', { sum })}
      </Typography.Paragraph>
    </>
  );
}

function CreateModal({ open, year, onClose }: { open: boolean; year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const kind = (Form.useWatch('kind', form) as SharedKind | undefined) ?? 'indicator';
  const leaves = useLeafOptions(year, open);
  const items = useQuery({
    queryKey: ['supervision', { year, pageSize: 500 }],
    queryFn: () => supervisionApi.list({ year, pageSize: 500 }),
    enabled: open && kind === 'supervision',
  });
  const units = useUnitOptions();
  const save = useSave(
    (v: { kind: SharedKind; refId: string; title: string; leadUnitId: string; shares: ShareRow[] }) =>
      sharedTasksApi.create({ ...v, year, shares: toShares(v.shares) }),
    () => {
      form.resetFields();
      onClose();
    },
  );
  const rule = [{ required: true, message: t('sharedTasks.required') }];
  return (
    <Modal
      open={open}
      title={t('sharedTasks.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      width={640}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'indicator', shares: [{}, {}] }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="kind" label={t('sharedTasks.fields.kind')}>
          <Radio.Group
            options={(['indicator', 'supervision'] as const).map((k) => ({
              value: k,
              label: t(`sharedTasks.kinds.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="refId"
          label={t(kind === 'indicator' ? 'sharedTasks.fields.refIndicator' : 'sharedTasks.fields.refSupervision')}
          rules={rule}
        >
          <Select
            showSearch
            optionFilterProp="label"
            options={
              kind === 'indicator' ? leaves : (items.data?.items ?? []).map((i) => ({ value: i.id, label: i.title }))
            }
          />
        </Form.Item>
        <Form.Item name="title" label={t('sharedTasks.fields.title')} rules={rule}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="leadUnitId" label={t('sharedTasks.fields.lead')} rules={rule}>
          <Select showSearch optionFilterProp="label" options={units} />
        </Form.Item>
        <Form.Item label={t('sharedTasks.fields.shares')} required>
          <SharesField />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DisputeModal({ task, onClose }: { task: SharedTask | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const save = useSave(
    (v: { reason: string; proposal?: string }) => sharedTasksApi.dispute(task?.id ?? '', v),
    onClose,
  );
  return (
    <Modal
      open={task !== null}
      title={`${t('sharedTasks.dispute')}：${task?.title ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="reason"
          label={t('sharedTasks.fields.reason')}
          rules={[{ required: true, message: t('sharedTasks.required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="proposal" label={t('sharedTasks.fields.proposal')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RuleModal({
  target,
  onClose,
}: {
  target: { task: SharedTask; dispute: SharedTaskDispute } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const decision = Form.useWatch('decision', form) as 'upheld' | 'dismissed' | undefined;
  const units = useUnitOptions();
  const save = useSave(
    (v: { decision: 'upheld' | 'dismissed'; ruling: string; leadUnitId?: string; shares?: ShareRow[] }) =>
      sharedTasksApi.rule(target?.dispute.id ?? '', {
        decision: v.decision,
        ruling: v.ruling,
        ...(v.decision === 'upheld' ? { leadUnitId: v.leadUnitId, shares: toShares(v.shares) } : {}),
      }),
    onClose,
  );
  const task = target?.task;
  return (
    <Modal
      open={target !== null}
      title={`${t('sharedTasks.rule')}：${task?.title ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      width={640}
      destroyOnHidden
    >
      {target && (
        <Typography.Paragraph>
          {t('sharedTasks.disputeLine', { unit: target.dispute.unit.name, reason: target.dispute.reason })}
          {target.dispute.proposal ? `（${target.dispute.proposal}）` : ''}
        </Typography.Paragraph>
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          decision: 'dismissed',
          leadUnitId: task?.lead.id,
          shares: task?.shares.map((s) => ({ unitId: s.unit.id, percent: Math.round(s.share * 10000) / 100 })),
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="decision" label={t('sharedTasks.fields.decision')}>
          <Radio.Group
            options={(['upheld', 'dismissed'] as const).map((d) => ({
              value: d,
              label: t(`sharedTasks.decisions.${d}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="ruling"
          label={t('sharedTasks.fields.ruling')}
          rules={[{ required: true, message: t('sharedTasks.required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="dispute-ruling" />
        </Form.Item>
        {decision === 'upheld' && (
          <>
            <Form.Item name="leadUnitId" label={t('sharedTasks.fields.lead')}>
              <Select showSearch optionFilterProp="label" options={units} />
            </Form.Item>
            <Form.Item label={t('sharedTasks.fields.newShares')}>
              <SharesField />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

function ApportionModal({ task, onClose }: { task: SharedTask | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const kind = (Form.useWatch('kind', form) as 'deduction' | 'bonus' | undefined) ?? 'deduction';
  const choices = useQuery({
    queryKey: ['record-choices', task?.year],
    queryFn: () => recordsApi.choices(task?.year ?? 0),
    enabled: task !== null,
  });
  const rules = (kind === 'bonus' ? choices.data?.bonus : choices.data?.deduction) ?? [];
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { kind: 'deduction' | 'bonus'; ruleId: string; title: string; amount: number; issuedOn?: Dayjs }) =>
      sharedTasksApi.apportion(task?.id ?? '', { ...v, issuedOn: v.issuedOn?.format('YYYY-MM-DD') }),
    onSuccess: (r) => {
      message.success(
        t('sharedTasks.apportioned', { parts: r.parts.map((p) => `${p.unit.name} ${p.amount}`).join('、') }),
      );
      void qc.invalidateQueries({ queryKey: ['records'] });
      onClose();
    },
    onError: (e) => message.error(errorMessage(e, t)),
  });
  const rule = [{ required: true, message: t('sharedTasks.required') }];
  return (
    <Modal
      open={task !== null}
      title={`${t('sharedTasks.apportion')}：${task?.title ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ kind: 'deduction' }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="kind" label={t('sharedTasks.fields.apportionKind')}>
          <Radio.Group
            options={(['deduction', 'bonus'] as const).map((k) => ({
              value: k,
              label: t(`sharedTasks.apportionKinds.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="ruleId" label={t('sharedTasks.fields.ruleId')} rules={rule}>
          <Select
            loading={choices.isLoading}
            options={rules.filter((r) => r.amountFrom === 'points').map((r) => ({ value: r.id, label: r.name }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('sharedTasks.fields.apportionTitle')} rules={rule}>
          <Input maxLength={200} />
        </Form.Item>
        <Space size="large">
          <Form.Item name="amount" label={t('sharedTasks.fields.amount')} rules={rule}>
            <InputNumber min={0.01} max={1000} step={0.5} />
          </Form.Item>
          <Form.Item name="issuedOn" label={t('sharedTasks.fields.issuedOn')}>
            <DatePicker />
          </Form.Item>
        </Space>
        {task && (
          <Typography.Paragraph className="ys-muted">
            {task.shares.map((s) => `${s.unit.name} ${pct(s.share)}`).join('、')}
          </Typography.Paragraph>
        )}
      </Form>
    </Modal>
  );
}

export default function SharedTasksPage() {
  const { t } = useTranslation();
  const { can, user } = useSignedIn();
  const { values, update } = useListParams(['year'] as const);
  const { defaultYear } = useYears();
  const year = Number(values.year) || defaultYear;
  const office = can('shares:manage');
  const unit = can('shares:dispute');
  const [creating, setCreating] = useState(false);
  const [disputeOf, setDisputeOf] = useState<SharedTask | null>(null);
  const [ruleOf, setRuleOf] = useState<{ task: SharedTask; dispute: SharedTaskDispute } | null>(null);
  const [apportionOf, setApportionOf] = useState<SharedTask | null>(null);
  const list = useQuery({ queryKey: ['shared-tasks', year], queryFn: () => sharedTasksApi.list(year) });
  const myUnit = user.unitId;
  const columns: ColumnsType<SharedTask> = [
    { title: t('sharedTasks.columns.title'), dataIndex: 'title' },
    {
      title: t('sharedTasks.columns.ref'),
      width: 200,
      render: (_v, r) => (
        <span>
          <Tag>{t(`sharedTasks.kinds.${r.kind}`)}</Tag>
          {r.refName ?? r.refId}
        </span>
      ),
    },
    { title: t('sharedTasks.columns.lead'), width: 120, render: (_v, r) => r.lead.name },
    {
      title: t('sharedTasks.columns.shares'),
      render: (_v, r) => (
        <Space size={[4, 4]} wrap data-testid="task-shares">
          {r.shares.map((s) => (
            <Tag key={s.unit.id} color={s.lead ? 'blue' : undefined}>
              {s.unit.name} {pct(s.share)}
              {s.lead ? ` · ${t('sharedTasks.lead')}` : ''}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('sharedTasks.columns.disputes'),
      width: 110,
      render: (_v, r) => {
        const open = r.disputes.filter((d) => d.status === 'open').length;
        return open > 0 ? <Tag color="warning">{open}</Tag> : r.disputes.length;
      },
    },
    {
      title: t('sharedTasks.columns.actions'),
      width: 220,
      render: (_v, r) => (
        <Space size={4} wrap>
          {unit && !r.disputes.some((d) => d.unit.id === myUnit && d.status === 'open') && (
            <Button size="small" onClick={() => setDisputeOf(r)} data-testid="task-dispute">
              {t('sharedTasks.dispute')}
            </Button>
          )}
          {office && (
            <Button size="small" onClick={() => setApportionOf(r)}>
              {t('sharedTasks.apportion')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  const disputesOf = (task: SharedTask) => (
    <List
      size="small"
      dataSource={task.disputes}
      renderItem={(d) => (
        <List.Item
          actions={
            office && d.status === 'open'
              ? [
                  <Button
                    key="rule"
                    size="small"
                    type="primary"
                    onClick={() => setRuleOf({ task, dispute: d })}
                    data-testid="dispute-rule"
                  >
                    {t('sharedTasks.rule')}
                  </Button>,
                ]
              : []
          }
        >
          <Space direction="vertical" size={0}>
            <span>
              <Tag color={DISPUTE_COLORS[d.status]}>{t(`sharedTasks.disputeStatuses.${d.status}`)}</Tag>
              {t('sharedTasks.disputeLine', { unit: d.unit.name, reason: d.reason })}
              {d.proposal ? `（${d.proposal}）` : ''}
            </span>
            {d.ruling && <span className="ys-muted">{t('sharedTasks.rulingLine', { ruling: d.ruling })}</span>}
          </Space>
        </List.Item>
      )}
    />
  );
  return (
    <div>
      <PageHeader
        title={t('sharedTasks.title')}
        subtitle={t('sharedTasks.subtitle')}
        extra={
          office && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('sharedTasks.create')}
            </Button>
          )
        }
      />
      <Card>
        <Space style={{ marginBottom: 12 }} wrap>
          <YearFilter year={year} onChange={(y) => update({ year: y })} />
          <RefreshButton onRefresh={() => void list.refetch()} />
          {(list.data?.openDisputes ?? 0) > 0 && (
            <Tag color="warning" data-testid="open-disputes">
              {t('sharedTasks.openDisputes', { count: list.data?.openDisputes })}
            </Tag>
          )}
        </Space>
        <LoadError error={list.error} />
        <Table
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          columns={columns}
          expandable={{
            expandedRowRender: disputesOf,
            rowExpandable: (r) => r.disputes.length > 0,
          }}
          locale={{ emptyText: t('sharedTasks.empty') }}
          scroll={{ x: 1000 }}
          pagination={false}
          data-testid="shared-tasks-table"
        />
      </Card>
      <CreateModal open={creating} year={year} onClose={() => setCreating(false)} />
      <DisputeModal task={disputeOf} onClose={() => setDisputeOf(null)} />
      <RuleModal target={ruleOf} onClose={() => setRuleOf(null)} />
      <ApportionModal task={apportionOf} onClose={() => setApportionOf(null)} />
    </div>
  );
}
