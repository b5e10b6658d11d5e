import { useState } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Timeline,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { ColumnsType } from 'antd/es/table';
import { cityApi } from '../api/supervision';
import {
  negotiationApi,
  OUTCOME_STATUSES,
  REASON_KINDS,
  type Negotiation,
  type NegotiationFilter,
  type NegotiationStatus,
  type ReasonKind,
} from '../api/negotiation';
import { useSignedIn } from '../auth/session';
import { saveBlob } from '../components/ExcelButtons';
import { errorMessage } from '../components/errors';
import { useWork } from '../components/useWork';
import { LoadError, RefreshButton } from '../components/ListParts';
import { PageHeader } from '../components/PageHeader';
import { useYears, YearFilter } from '../components/supervision/shared';
import { useListParams } from '../components/useListParams';

const STATUS_COLORS: Record<NegotiationStatus, string> = {
  open: 'processing',
  accepted: 'success',
  adjusted: 'cyan',
  kept: 'default',
};
const CHANNELS = ['meeting', 'phone', 'letter'] as const;

/** Saves, says so, refreshes the list and closes the dialog. */
function useSave<V>(mutationFn: (v: V) => Promise<unknown>, onClose: () => void) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => {
      message.success(t('negotiation.saved'));
      void qc.invalidateQueries({ queryKey: ['negotiations'] });
      onClose();
    },
    onError: (e) => message.error(errorMessage(e, t)),
  });
}

const day = (d: Dayjs | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

function CreateModal({ open, year, onClose }: { open: boolean; year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const city = useQuery({ queryKey: ['city', year], queryFn: () => cityApi.list(year), enabled: open });
  const save = useSave(
    (v: {
      cityIndicatorId: string;
      deadline: Dayjs;
      cityTarget: string;
      proposedTarget: string;
      reasons: ReasonKind[];
      reasonNote: string;
    }) => negotiationApi.create({ ...v, deadline: v.deadline.format('YYYY-MM-DD') }),
    () => {
      form.resetFields();
      onClose();
    },
  );
  const rule = [{ required: true, message: t('negotiation.required') }];
  return (
    <Modal
      open={open}
      title={t('negotiation.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      width={640}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="negotiation-form">
        <Form.Item name="cityIndicatorId" label={t('negotiation.fields.cityIndicator')} rules={rule}>
          <Select
            loading={city.isLoading}
            options={(city.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }))}
            data-testid="negotiation-indicator"
          />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="deadline" label={t('negotiation.fields.deadline')} rules={rule}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="cityTarget" label={t('negotiation.fields.cityTarget')} rules={rule}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="proposedTarget" label={t('negotiation.fields.proposedTarget')} rules={rule}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="reasons" label={t('negotiation.fields.reasons')} rules={rule}>
          <Checkbox.Group options={REASON_KINDS.map((r) => ({ value: r, label: t(`negotiation.reasons.${r}`) }))} />
        </Form.Item>
        <Form.Item name="reasonNote" label={t('negotiation.fields.reasonNote')} rules={rule}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ContactModal({ n, onClose }: { n: Negotiation | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const save = useSave(
    (v: { contactOn: Dayjs; countyPerson: string; cityPerson: string; channel?: string; summary: string }) =>
      negotiationApi.addContact(n?.id ?? '', {
        ...v,
        contactOn: v.contactOn.format('YYYY-MM-DD'),
        channel: v.channel ? t(`negotiation.channels.${v.channel}`) : null,
      }),
    onClose,
  );
  const rule = [{ required: true, message: t('negotiation.required') }];
  return (
    <Modal
      open={n !== null}
      title={`${t('negotiation.addContact')}：${n?.cityIndicator.name ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ contactOn: dayjs(), channel: 'meeting' }}
        onFinish={(v) => save.mutate(v)}
      >
        <Space size="large" wrap>
          <Form.Item name="contactOn" label={t('negotiation.fields.contactOn')} rules={rule}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="channel" label={t('negotiation.fields.channel')}>
            <Select
              style={{ width: 120 }}
              options={CHANNELS.map((c) => ({ value: c, label: t(`negotiation.channels.${c}`) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="countyPerson" label={t('negotiation.fields.countyPerson')} rules={rule}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="cityPerson" label={t('negotiation.fields.cityPerson')} rules={rule}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="summary" label={t('negotiation.fields.summary')} rules={rule}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function OutcomeModal({ n, onClose }: { n: Negotiation | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const save = useSave(
    (v: { status: 'accepted' | 'adjusted' | 'kept'; finalTarget: string; outcomeNote: string; closedOn?: Dayjs }) =>
      negotiationApi.outcome(n?.id ?? '', { ...v, version: n?.version ?? 0, closedOn: day(v.closedOn) }),
    onClose,
  );
  const rule = [{ required: true, message: t('negotiation.required') }];
  return (
    <Modal
      open={n !== null}
      title={`${t('negotiation.recordOutcome')}：${n?.cityIndicator.name ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ status: 'adjusted', finalTarget: n?.proposedTarget }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="status" label={t('negotiation.fields.status')} rules={rule}>
          <Select options={OUTCOME_STATUSES.map((s) => ({ value: s, label: t(`negotiation.statuses.${s}`) }))} />
        </Form.Item>
        <Form.Item name="finalTarget" label={t('negotiation.fields.finalTarget')} rules={rule}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="outcomeNote" label={t('negotiation.fields.outcomeNote')} rules={rule}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Detail({ n }: { n: Negotiation }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label={t('negotiation.fields.reasonNote')}>{n.reasonNote}</Descriptions.Item>
      <Descriptions.Item label={t('negotiation.columns.contacts')}>
        {n.contacts.length === 0 ? (
          <span className="ys-muted">{t('negotiation.noContacts')}</span>
        ) : (
          <Timeline
            style={{ marginTop: 8, marginBottom: -16 }}
            items={n.contacts.map((c) => ({
              key: c.id,
              children: t('negotiation.contactLine', {
                date: c.contactOn,
                county: c.countyPerson,
                city: c.cityPerson,
                channel: c.channel ?? '—',
                summary: c.summary,
              }),
            }))}
          />
        )}
      </Descriptions.Item>
      {n.status !== 'open' && (
        <Descriptions.Item label={t('negotiation.fields.status')}>
          {t('negotiation.outcomeLine', {
            status: t(`negotiation.statuses.${n.status}`),
            target: n.finalTarget ?? '—',
            note: n.outcomeNote ?? '',
          })}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

export default function NegotiationPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const work = useWork();
  const { can } = useSignedIn();
  const { values, update } = useListParams(['year', 'filter'] as const);
  const { defaultYear } = useYears();
  const year = Number(values.year) || defaultYear;
  const filter = (values.filter ?? 'all') as NonNullable<NegotiationFilter>;
  const office = can('city:write');
  const unit = can('negotiation:write');
  const [creating, setCreating] = useState(false);
  const [contactOf, setContactOf] = useState<Negotiation | null>(null);
  const [outcomeOf, setOutcomeOf] = useState<Negotiation | null>(null);
  const list = useQuery({ queryKey: ['negotiations', year, filter], queryFn: () => negotiationApi.list(year, filter) });
  const exportPack = useMutation({
    mutationFn: async (n: Negotiation) => {
      const f = await work.run(t('work.evidencePack'), () => negotiationApi.evidence(n.id));
      saveBlob(f.blob, f.filename ?? 'evidence.xlsx');
    },
    onSuccess: () => message.success(t('negotiation.evidenceDone')),
    onError: (e) => message.error(errorMessage(e, t)),
  });
  const columns: ColumnsType<Negotiation> = [
    {
      title: t('negotiation.columns.indicator'),
      width: 220,
      fixed: 'left',
      render: (_v, r) => (
        <div>
          {r.cityIndicator.code} {r.cityIndicator.name}
          <div className="ys-muted" style={{ fontSize: 12 }}>
            {r.cityIndicator.cityDepartment}
          </div>
        </div>
      ),
    },
    { title: t('negotiation.columns.unit'), width: 120, render: (_v, r) => r.unit.name },
    { title: t('negotiation.columns.cityTarget'), dataIndex: 'cityTarget', width: 160 },
    {
      title: t('negotiation.columns.proposedTarget'),
      width: 160,
      render: (_v, r) => (
        <div>
          {r.proposedTarget}
          {r.finalTarget && (
            <div style={{ fontSize: 12 }}>
              → <strong>{r.finalTarget}</strong>
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('negotiation.columns.reasons'),
      width: 180,
      render: (_v, r) => (
        <Space size={[4, 4]} wrap>
          {r.reasons.map((x) => (
            <Tag key={x}>{t(`negotiation.reasons.${x}`)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('negotiation.columns.deadline'),
      width: 130,
      render: (_v, r) => (
        <div>
          {r.deadline}
          <div style={{ fontSize: 12 }}>
            {r.overdue ? (
              <Tag color="error" data-testid="negotiation-overdue">
                {t('negotiation.overdue')}
              </Tag>
            ) : r.status === 'open' ? (
              <span className="ys-muted">{t('negotiation.daysLeft', { days: r.daysLeft })}</span>
            ) : null}
          </div>
        </div>
      ),
    },
    {
      title: t('negotiation.columns.status'),
      width: 120,
      render: (_v, r) => <Tag color={STATUS_COLORS[r.status]}>{t(`negotiation.statuses.${r.status}`)}</Tag>,
    },
    { title: t('negotiation.columns.contacts'), width: 70, render: (_v, r) => r.contacts.length },
    {
      title: t('negotiation.columns.actions'),
      width: 200,
      render: (_v, r) => (
        <Space size={4} wrap>
          {unit && r.status === 'open' && !r.overdue && (
            <Button size="small" onClick={() => setContactOf(r)}>
              {t('negotiation.addContact')}
            </Button>
          )}
          {unit && r.status === 'open' && (
            <Button size="small" onClick={() => setOutcomeOf(r)}>
              {t('negotiation.recordOutcome')}
            </Button>
          )}
          {office && (
            <Button
              size="small"
              loading={exportPack.isPending && exportPack.variables?.id === r.id}
              onClick={() => exportPack.mutate(r)}
              data-testid="negotiation-evidence"
            >
              {t('negotiation.evidence')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  const counts = list.data?.counts;
  return (
    <div>
      <PageHeader
        title={t('negotiation.title')}
        subtitle={t('negotiation.subtitle')}
        extra={
          unit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('negotiation.create')}
            </Button>
          )
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Space size="large" wrap data-testid="negotiation-counts">
          <Statistic title={t('negotiation.counts.open')} value={counts?.open ?? 0} />
          <Statistic
            title={t('negotiation.counts.overdue')}
            value={counts?.overdue ?? 0}
            valueStyle={{ color: counts?.overdue ? '#cf1322' : undefined }}
          />
          <Statistic title={t('negotiation.counts.closed')} value={counts?.closed ?? 0} />
        </Space>
      </Card>
      <Card>
        <Space style={{ marginBottom: 12 }} wrap>
          <YearFilter year={year} onChange={(y) => update({ year: y })} />
          <Segmented
            value={filter}
            onChange={(v) => update({ filter: v === 'all' ? undefined : String(v) })}
            options={(['all', 'open', 'overdue', 'closed'] as const).map((f) => ({
              value: f,
              label: t(`negotiation.filters.${f}`),
            }))}
          />
          <RefreshButton onRefresh={() => void list.refetch()} />
        </Space>
        <LoadError error={list.error} />
        <Table
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          columns={columns}
          expandable={{ expandedRowRender: (r) => <Detail n={r} /> }}
          locale={{ emptyText: t('negotiation.empty') }}
          scroll={{ x: 1400 }}
          pagination={false}
          data-testid="negotiation-table"
        />
      </Card>
      <CreateModal open={creating} year={year} onClose={() => setCreating(false)} />
      <ContactModal n={contactOf} onClose={() => setContactOf(null)} />
      <OutcomeModal n={outcomeOf} onClose={() => setOutcomeOf(null)} />
    </div>
  );
}
