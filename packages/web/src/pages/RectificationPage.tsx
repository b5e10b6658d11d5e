import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Badge,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Drawer,
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
  Timeline,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { ColumnsType } from 'antd/es/table';
import { RECTIFICATION_STATUSES, rectificationApi, type Rectification, type RectificationStatus } from '../api/yearend';
import { useSignedIn } from '../auth/session';
import { errorMessage } from '../components/errors';
import { LoadError, RefreshButton } from '../components/ListParts';
import { PageHeader } from '../components/PageHeader';
import { YearSelect } from '../components/yearend/YearSelect';

const STATUS_COLORS: Record<RectificationStatus, string> = {
  open: 'default',
  inProgress: 'processing',
  submitted: 'warning',
  closed: 'success',
};

function GenerateModal({ year, open, onClose }: { year: number; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const findings = useQuery({
    queryKey: ['rectification', 'findings', year],
    queryFn: () => rectificationApi.findings(year),
    enabled: open,
  });
  const [selected, setSelected] = useState<string[] | null>(null);
  const [deadline, setDeadline] = useState<string | null>(null);
  const fresh = (findings.data?.items ?? []).filter((f) => !f.exists);
  const keys = selected ?? fresh.map((f) => f.key);
  const due = deadline ?? findings.data?.defaultDeadline ?? null;
  const generate = useMutation({
    mutationFn: () => rectificationApi.generate({ year, deadline: due ?? '', keys }),
    onSuccess: (r) => {
      message.success(t('yearend.rect.generated', { created: r.created, skipped: r.skipped }));
      void qc.invalidateQueries({ queryKey: ['rectification'] });
      setSelected(null);
      onClose();
    },
    onError: (e) => message.error(errorMessage(e, t)),
  });
  return (
    <Modal
      open={open}
      width={860}
      title={t('yearend.rect.generateTitle', { year })}
      onCancel={onClose}
      onOk={() => generate.mutate()}
      okText={t('yearend.rect.confirm', { n: keys.length })}
      okButtonProps={{ disabled: keys.length === 0 || !due, loading: generate.isPending }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('yearend.rect.generateHint')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        {t('yearend.common.deadline')}
        <DatePicker
          value={due ? dayjs(due) : null}
          onChange={(d) => setDeadline(d ? d.format('YYYY-MM-DD') : null)}
          allowClear={false}
        />
      </Space>
      {findings.error ? <LoadError error={findings.error} /> : null}
      <Table
        size="small"
        rowKey="key"
        loading={findings.isLoading}
        dataSource={findings.data?.items ?? []}
        pagination={{ pageSize: 8, size: 'small' }}
        rowSelection={{
          selectedRowKeys: keys,
          onChange: (k) => setSelected(k.map(String)),
          getCheckboxProps: (f) => ({ disabled: f.exists }),
        }}
        columns={[
          { title: t('yearend.common.unit'), key: 'u', render: (_, f) => f.unitName, width: 110 },
          {
            title: t('yearend.rect.source'),
            dataIndex: 'source',
            width: 100,
            render: (s: string) => <Tag>{t(`yearend.rect.sources.${s}`)}</Tag>,
          },
          { title: t('yearend.rect.finding'), dataIndex: 'finding' },
          {
            title: '',
            dataIndex: 'exists',
            width: 80,
            render: (v: boolean) => (v ? <Tag color="default">{t('yearend.rect.exists')}</Tag> : null),
          },
        ]}
      />
    </Modal>
  );
}

function ProgressModal({ item, onClose }: { item: Rectification | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ progress: number; note: string; measures?: string; submit: boolean }>();
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (v: { progress: number; note: string; measures?: string; submit: boolean }) =>
      rectificationApi.progress(item?.id ?? '', { version: item?.version ?? 0, ...v }),
    onSuccess: (r) => {
      message.success(r.status === 'submitted' ? t('yearend.rect.submitted') : t('yearend.rect.saved'));
      void qc.invalidateQueries({ queryKey: ['rectification'] });
      setError(null);
      onClose();
    },
    onError: (e) => setError(errorMessage(e, t)),
  });
  return (
    <Modal
      open={item !== null}
      title={t('yearend.rect.progressTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, ...({ 'data-testid': 'progress-ok' } as Record<string, string>) }}
      destroyOnHidden
    >
      {item && (
        <>
          <Typography.Paragraph>{item.finding}</Typography.Paragraph>
          {item.verifyNote && item.status === 'inProgress' && (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={item.verifyNote} />
          )}
          {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={error} />}
          <Form
            form={form}
            layout="vertical"
            initialValues={{ progress: item.progress, measures: item.measures ?? '', submit: false }}
            onFinish={(v) => save.mutate({ ...v, measures: v.measures?.trim() ? v.measures : undefined })}
          >
            <Form.Item name="measures" label={t('yearend.rect.measures')}>
              <Input.TextArea rows={3} maxLength={4000} data-testid="progress-measures" />
            </Form.Item>
            <Form.Item name="progress" label={t('yearend.rect.progress')}>
              <InputNumber min={0} max={100} addonAfter="%" style={{ width: 140 }} />
            </Form.Item>
            <Form.Item
              name="note"
              label={t('yearend.rect.note')}
              rules={[{ required: true, whitespace: true, message: t('yearend.rect.noteRequired') }]}
            >
              <Input.TextArea rows={3} maxLength={2000} data-testid="progress-note" />
            </Form.Item>
            <Form.Item name="submit" valuePropName="checked">
              <Checkbox data-testid="progress-submit">{t('yearend.rect.submitForClosure')}</Checkbox>
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}

function VerifyModal({ item, onClose }: { item: Rectification | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ decision: 'close' | 'return'; note: string }>();
  const verify = useMutation({
    mutationFn: (v: { decision: 'close' | 'return'; note: string }) =>
      rectificationApi.verify(item?.id ?? '', { version: item?.version ?? 0, ...v }),
    onSuccess: () => {
      message.success(t('yearend.rect.verified'));
      void qc.invalidateQueries({ queryKey: ['rectification'] });
      onClose();
    },
    onError: (e) => message.error(errorMessage(e, t)),
  });
  return (
    <Modal
      open={item !== null}
      title={t('yearend.rect.verifyTitle', { unit: item?.unitName ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: verify.isPending }}
      destroyOnHidden
    >
      {item && (
        <>
          <Typography.Paragraph>{item.finding}</Typography.Paragraph>
          <Typography.Paragraph type="secondary">
            {t('yearend.rect.measures')}：{item.measures ?? '—'}
            <br />
            {t('yearend.rect.note')}：{item.progressNote ?? '—'}
          </Typography.Paragraph>
          <Form form={form} layout="vertical" initialValues={{ decision: 'close' }} onFinish={(v) => verify.mutate(v)}>
            <Form.Item name="decision">
              <Radio.Group>
                <Radio value="close">{t('yearend.rect.close')}</Radio>
                <Radio value="return">{t('yearend.rect.return')}</Radio>
              </Radio.Group>
            </Form.Item>
            <Form.Item
              name="note"
              label={t('yearend.rect.verifyNote')}
              rules={[{ required: true, whitespace: true, message: t('yearend.rect.noteRequired') }]}
            >
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}

function DetailDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = useQuery({
    queryKey: ['rectification', 'detail', id],
    queryFn: () => rectificationApi.get(id ?? ''),
    enabled: id !== null,
  });
  const d = detail.data;
  return (
    <Drawer open={id !== null} onClose={onClose} title={d?.unitName} width={480}>
      {d && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>{d.finding}</Typography.Paragraph>
          <Typography.Paragraph type="secondary">
            {t('yearend.rect.measures')}：{d.measures ?? '—'}
          </Typography.Paragraph>
          <Timeline
            items={[
              { children: `${d.createdAt.slice(0, 10)} ${t('yearend.rect.created')}` },
              ...d.history.map((h) => ({
                color: h.kind === 'returned' ? 'red' : h.kind === 'verified' ? 'green' : 'blue',
                children: (
                  <>
                    <Typography.Text strong>
                      {h.createdAt.slice(0, 10)} {t(`yearend.rect.kinds.${h.kind}`, { defaultValue: h.kind })}
                      {h.progress !== null ? ` ${h.progress}%` : ''}
                    </Typography.Text>
                    <br />
                    {h.note}
                  </>
                ),
              })),
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}

export default function RectificationPage() {
  const { t } = useTranslation();
  const { can, user } = useSignedIn();
  const manage = can('rectification:manage');
  const isUnit = user.role === 'unit';
  const [year, setYear] = useState<number | undefined>();
  const [status, setStatus] = useState<RectificationStatus | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [generating, setGenerating] = useState(false);
  const [reporting, setReporting] = useState<Rectification | null>(null);
  const [verifying, setVerifying] = useState<Rectification | null>(null);
  const [detail, setDetail] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['rectification', 'list', year, status, overdue],
    queryFn: () => rectificationApi.list({ year, status, overdue: overdue || undefined }),
    enabled: year !== undefined,
  });
  const counts = list.data?.counts ?? {};
  const statusTag = (r: Rectification) => (
    <Space size={4} wrap>
      <Tag color={STATUS_COLORS[r.status]}>{t(`yearend.rect.status.${r.status}`)}</Tag>
      {r.overdue && <Tag color="red">{t('yearend.rect.overdue')}</Tag>}
    </Space>
  );
  const action = (r: Rectification) => (
    <Space size={4} wrap>
      <Button size="small" onClick={() => setDetail(r.id)}>
        {t('yearend.rect.detail')}
      </Button>
      {isUnit && can('rectification:report') && (r.status === 'open' || r.status === 'inProgress') && (
        <Button size="small" type="primary" onClick={() => setReporting(r)} data-testid="rect-report">
          {t('yearend.rect.report')}
        </Button>
      )}
      {manage && r.status === 'submitted' && (
        <Button size="small" type="primary" onClick={() => setVerifying(r)}>
          {t('yearend.rect.verify')}
        </Button>
      )}
    </Space>
  );
  const columns: ColumnsType<Rectification> = [
    { title: t('yearend.common.unit'), key: 'unit', render: (_, r) => r.unitName, width: 110 },
    {
      title: t('yearend.rect.source'),
      dataIndex: 'source',
      width: 100,
      render: (s: string) => <Tag>{t(`yearend.rect.sources.${s}`)}</Tag>,
    },
    { title: t('yearend.rect.finding'), dataIndex: 'finding' },
    { title: t('yearend.common.deadline'), dataIndex: 'deadline', width: 110 },
    { title: t('yearend.rect.progress'), dataIndex: 'progress', width: 80, render: (v: number) => `${v}%` },
    { title: t('yearend.common.status'), key: 'status', width: 140, render: (_, r) => statusTag(r) },
    { title: '', key: 'actions', width: 160, render: (_, r) => action(r) },
  ];
  return (
    <>
      <PageHeader
        title={t('yearend.rect.title')}
        subtitle={isUnit ? t('yearend.rect.subtitleUnit') : t('yearend.rect.subtitle')}
        extra={
          <Space wrap>
            <YearSelect value={year} onChange={setYear} />
            {manage && year !== undefined && (
              <Button type="primary" onClick={() => setGenerating(true)} data-testid="rect-generate">
                {t('yearend.rect.generate')}
              </Button>
            )}
            <RefreshButton onRefresh={() => void list.refetch()} />
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap size={16}>
          {RECTIFICATION_STATUSES.map((s) => (
            <Badge
              key={s}
              status={STATUS_COLORS[s] as 'default'}
              text={`${t(`yearend.rect.status.${s}`)} ${counts[s] ?? 0}`}
            />
          ))}
          <Badge status="error" text={`${t('yearend.rect.overdue')} ${counts.overdue ?? 0}`} />
          <Select
            allowClear
            placeholder={t('yearend.common.status')}
            value={status}
            onChange={setStatus}
            style={{ width: 120 }}
            options={RECTIFICATION_STATUSES.map((s) => ({ value: s, label: t(`yearend.rect.status.${s}`) }))}
          />
          <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)}>
            {t('yearend.rect.onlyOverdue')}
          </Checkbox>
        </Space>
      </Card>
      {list.error ? <LoadError error={list.error} /> : null}
      {isUnit ? (
        <List
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          data-testid="rect-list"
          renderItem={(r) => (
            <Card size="small" style={{ marginBottom: 12 }}>
              <Space direction="vertical" style={{ width: '100%' }}>
                <Space wrap>
                  {statusTag(r)}
                  <Tag>{t(`yearend.rect.sources.${r.source}`)}</Tag>
                  <Typography.Text type="secondary">
                    {t('yearend.common.deadline')} {r.deadline}
                  </Typography.Text>
                </Space>
                <Typography.Text>{r.finding}</Typography.Text>
                <Typography.Text type="secondary">
                  {t('yearend.rect.progress')} {r.progress}%{r.measures ? ` · ${r.measures}` : ''}
                </Typography.Text>
                {action(r)}
              </Space>
            </Card>
          )}
        />
      ) : (
        <Table
          rowKey="id"
          size="middle"
          loading={list.isLoading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 20 }}
          scroll={{ x: 900 }}
          data-testid="rect-table"
        />
      )}
      {year !== undefined && <GenerateModal year={year} open={generating} onClose={() => setGenerating(false)} />}
      <ProgressModal item={reporting} onClose={() => setReporting(null)} />
      <VerifyModal item={verifying} onClose={() => setVerifying(null)} />
      <DetailDrawer id={detail} onClose={() => setDetail(null)} />
    </>
  );
}
