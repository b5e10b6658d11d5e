import { useState } from 'react';
import { App as AntApp, Alert, Button, Empty, Form, Input, Modal, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { resultsApi, type ReviewView, type SnapshotInfo } from '../../api/results';
import { errorMessage } from '../../components/errors';
import { when } from './format';

/** 发布与更正: the published snapshots with their digests (verified on demand), and a correction drafted with a reason. */
export function HistoryTab({ year, review, canPublish }: { year: number; review: ReviewView; canPublish: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const correct = useMutation({
    mutationFn: (reason: string) => resultsApi.correct(year, reason),
    onSuccess: (c) => {
      void message.success(t('results.correct.drafted', { count: c.changes.length }));
      setOpen(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['results', year] });
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const verify = useMutation({
    mutationFn: (id: string) => resultsApi.verify(year, id),
    onSuccess: (v) =>
      v.ok && v.reproducible !== false
        ? void message.success(t('results.history.verifyOk'))
        : void message.error(t('results.history.verifyBad')),
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const columns: ColumnsType<SnapshotInfo> = [
    { title: t('results.history.seq'), dataIndex: 'seq', width: 70 },
    { title: t('results.history.publishedAt'), dataIndex: 'publishedAt', render: (v: string) => when(v) },
    { title: t('results.history.publishedBy'), dataIndex: 'publishedBy' },
    { title: t('results.history.approvedBy'), dataIndex: 'approvedBy' },
    {
      title: t('results.history.reason'),
      dataIndex: 'reason',
      render: (v: string | null) =>
        v ?? <Typography.Text type="secondary">{t('results.history.first')}</Typography.Text>,
    },
    {
      title: t('results.history.digest'),
      dataIndex: 'digest',
      render: (v: string) => <Typography.Text code>{v.slice(0, 12)}…</Typography.Text>,
    },
    {
      title: '',
      render: (_: unknown, s) => (
        <Button size="small" onClick={() => verify.mutate(s.id)} loading={verify.isPending}>
          {t('results.history.verify')}
        </Button>
      ),
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {review.snapshots.length === 0 ? (
        <Empty description={t('results.history.none')} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={review.snapshots}
          pagination={false}
          scroll={{ x: 800 }}
        />
      )}
      {canPublish && review.published && (
        <Button onClick={() => setOpen(true)} data-testid="results-correct">
          {t('results.correct.button')}
        </Button>
      )}
      <Modal
        open={open}
        title={t('results.correct.title')}
        onCancel={() => setOpen(false)}
        onOk={() => void form.validateFields().then((v) => correct.mutate(v.reason))}
        confirmLoading={correct.isPending}
      >
        <Alert type="info" showIcon message={t('results.correct.hint')} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={t('results.correct.reason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
