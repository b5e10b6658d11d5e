import { useState } from 'react';
import { Alert, App as AntApp, Button, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { ColumnsType } from 'antd/es/table';
import { APPEAL_STATUSES, appealsApi, type Appeal, type AppealStatus } from '../api/yearend';
import { useSignedIn } from '../auth/session';
import { errorMessage } from '../components/errors';
import { LoadError, RefreshButton } from '../components/ListParts';
import { PageHeader } from '../components/PageHeader';
import { YearSelect } from '../components/yearend/YearSelect';
import { APPEAL_COLORS } from './FeedbackPage';

function AnswerModal({ appeal, onClose }: { appeal: Appeal | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ decision: 'accept' | 'reject'; answer: string }>();
  const decision = Form.useWatch('decision', form);
  const [error, setError] = useState<string | null>(null);
  const answer = useMutation({
    mutationFn: (v: { decision: 'accept' | 'reject'; answer: string }) =>
      appealsApi.answer(appeal?.id ?? '', { version: appeal?.version ?? 0, ...v }),
    onSuccess: (a) => {
      message.success(a.correctionId ? t('yearend.appeals.acceptedDone') : t('yearend.appeals.answeredDone'));
      void qc.invalidateQueries({ queryKey: ['results'] });
      void qc.invalidateQueries({ queryKey: ['appeals'] });
      void qc.invalidateQueries({ queryKey: ['feedback'] });
      form.resetFields();
      setError(null);
      onClose();
    },
    onError: (e) => setError(errorMessage(e, t)),
  });
  return (
    <Modal
      open={appeal !== null}
      title={t('yearend.appeals.answerTitle', { unit: appeal?.unitName ?? '' })}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      onOk={() => form.submit()}
      okText={decision === 'accept' ? t('yearend.appeals.acceptAndCorrect') : t('yearend.appeals.send')}
      okButtonProps={{ loading: answer.isPending, ...({ 'data-testid': 'answer-ok' } as Record<string, string>) }}
      destroyOnHidden
    >
      {appeal && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>
            <Typography.Text strong>{t('yearend.appeals.reason')}：</Typography.Text>
            {appeal.reason}
          </Typography.Paragraph>
          {appeal.request && (
            <Typography.Paragraph>
              <Typography.Text strong>{t('yearend.appeals.request')}：</Typography.Text>
              {appeal.request}
            </Typography.Paragraph>
          )}
          {error && <Alert type="error" showIcon message={error} />}
          <Form form={form} layout="vertical" initialValues={{ decision: 'reject' }} onFinish={(v) => answer.mutate(v)}>
            <Form.Item name="decision" label={t('yearend.appeals.decision')}>
              <Radio.Group data-testid="answer-decision">
                <Radio value="accept">{t('yearend.appeals.accept')}</Radio>
                <Radio value="reject">{t('yearend.appeals.reject')}</Radio>
              </Radio.Group>
            </Form.Item>
            {decision === 'accept' && (
              <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('yearend.appeals.acceptHint')} />
            )}
            <Form.Item
              name="answer"
              label={t('yearend.appeals.answer')}
              rules={[{ required: true, whitespace: true, message: t('yearend.appeals.answerRequired') }]}
            >
              <Input.TextArea rows={4} maxLength={2000} showCount data-testid="answer-text" />
            </Form.Item>
          </Form>
        </Space>
      )}
    </Modal>
  );
}

export default function AppealsPage() {
  const { t } = useTranslation();
  const { can } = useSignedIn();
  // A notification links here with ?year= (an appeal filed for that year).
  const [params] = useSearchParams();
  const [year, setYear] = useState<number | undefined>(() => Number(params.get('year')) || undefined);
  const [status, setStatus] = useState<AppealStatus | undefined>();
  const [answering, setAnswering] = useState<Appeal | null>(null);
  const list = useQuery({
    queryKey: ['appeals', 'list', year, status],
    queryFn: () => appealsApi.list({ year, status }),
    enabled: year !== undefined,
  });
  const win = useQuery({
    queryKey: ['appeals', 'window', year],
    queryFn: () => appealsApi.window(year ?? 0),
    enabled: year !== undefined,
  });
  const columns: ColumnsType<Appeal> = [
    { title: t('yearend.common.unit'), key: 'unit', render: (_, a) => `${a.unitCode} ${a.unitName}`, width: 150 },
    { title: t('yearend.appeals.indicator'), dataIndex: 'indicatorName', render: (v) => v ?? '—', width: 140 },
    {
      title: t('yearend.appeals.reason'),
      key: 'reason',
      render: (_, a) => (
        <Space direction="vertical" size={0}>
          <Typography.Text>{a.reason}</Typography.Text>
          {a.request && <Typography.Text type="secondary">{a.request}</Typography.Text>}
        </Space>
      ),
    },
    { title: t('yearend.appeals.filedAt'), dataIndex: 'createdAt', render: (v: string) => v.slice(0, 10), width: 110 },
    {
      title: t('yearend.common.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: AppealStatus) => <Tag color={APPEAL_COLORS[s]}>{t(`yearend.appeals.status.${s}`)}</Tag>,
    },
    {
      title: t('yearend.appeals.answer'),
      key: 'answer',
      render: (_, a) =>
        a.status === 'submitted' ? (
          can('appeals:answer') ? (
            <Button size="small" type="primary" onClick={() => setAnswering(a)} data-testid={`answer-${a.unitCode}`}>
              {t('yearend.appeals.answerAction')}
            </Button>
          ) : (
            '—'
          )
        ) : (
          <Space direction="vertical" size={0}>
            <Typography.Text>{a.answer}</Typography.Text>
            {a.correctionSnapshotId ? (
              <Tag color="blue">{t('yearend.appeals.corrected')}</Tag>
            ) : (
              a.correctionId && (
                <Tag color="orange" data-testid={`correction-pending-${a.unitCode}`}>
                  {t('yearend.appeals.correctionPending')}
                </Tag>
              )
            )}
          </Space>
        ),
    },
  ];
  const w = win.data;
  return (
    <>
      <PageHeader
        title={t('yearend.appeals.pageTitle')}
        subtitle={t('yearend.appeals.pageSubtitle')}
        extra={
          <Space wrap>
            <YearSelect value={year} onChange={setYear} />
            <Select
              allowClear
              placeholder={t('yearend.common.status')}
              value={status}
              onChange={setStatus}
              style={{ width: 120 }}
              options={APPEAL_STATUSES.map((s) => ({ value: s, label: t(`yearend.appeals.status.${s}`) }))}
            />
            <RefreshButton onRefresh={() => void list.refetch()} />
          </Space>
        }
      />
      {w?.published && (
        <Alert
          type={w.open ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 12 }}
          message={
            w.open
              ? t('yearend.appeals.windowOpen', { lastDay: w.lastDay, days: w.days })
              : t('yearend.appeals.windowClosed', { lastDay: w.lastDay })
          }
        />
      )}
      {list.error ? <LoadError error={list.error} /> : null}
      <Table
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="appeals-table"
      />
      <AnswerModal appeal={answering} onClose={() => setAnswering(null)} />
    </>
  );
}
