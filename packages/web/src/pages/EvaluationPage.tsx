import { useState } from 'react';
import { App as AntApp, Button, Card, Form, Input, InputNumber, Modal, Progress, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../api/client';
import { evaluationApi, type CampaignStatus, type CampaignSummary } from '../api/evaluation';
import { useSignedIn } from '../auth/session';
import { applyFieldErrors, errorMessage } from '../components/errors';
import { LoadError, RefreshButton } from '../components/ListParts';
import { PageHeader } from '../components/PageHeader';

export const STATUS_COLORS: Record<CampaignStatus, string> = {
  draft: 'default',
  open: 'processing',
  closed: 'success',
};

export function fmtTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, 16) : '—';
}

/** Evaluation campaigns of the county, newest year first. */
export default function EvaluationPage() {
  const { t } = useTranslation();
  const { can } = useSignedIn();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ year: number; name: string }>();
  const list = useQuery({ queryKey: ['evaluation', 'campaigns'], queryFn: () => evaluationApi.list() });
  const create = useMutation({
    mutationFn: (v: { year: number; name: string }) => evaluationApi.create(v),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['evaluation'] });
      setCreating(false);
      void navigate(`/evaluation/${c.id}`);
    },
    onError: (e) => {
      const rest = applyFieldErrors(form, e, ['year', 'name']);
      if (rest.length > 0 || !isApiError(e) || e.code !== 'VALIDATION_FAILED') {
        void message.error(errorMessage(e, t));
      }
    },
  });
  // The newest campaign's year + 1, else this year: the usual next campaign.
  const latest = list.data?.items[0]?.year;
  const currentYear = latest ? latest + 1 : new Date().getFullYear();

  return (
    <div>
      <PageHeader
        title={t('evaluation.title')}
        subtitle={t('evaluation.subtitle')}
        extra={
          can('evaluation:write') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="evaluation-create"
              onClick={() => {
                form.setFieldsValue({ year: currentYear, name: '' });
                setCreating(true);
              }}
            >
              {t('evaluation.create')}
            </Button>
          )
        }
      />
      <Card extra={<RefreshButton onRefresh={() => void list.refetch()} />}>
        {list.error ? (
          <LoadError error={list.error} />
        ) : (
          <Table<CampaignSummary>
            rowKey="id"
            loading={list.isLoading}
            dataSource={list.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: t('evaluation.empty') }}
            scroll={{ x: 720 }}
            columns={[
              { title: t('evaluation.year'), dataIndex: 'year', width: 80 },
              {
                title: t('evaluation.name'),
                dataIndex: 'name',
                render: (v: string, r) => <Link to={`/evaluation/${r.id}`}>{v}</Link>,
              },
              {
                title: t('common.status'),
                dataIndex: 'status',
                width: 100,
                render: (s: CampaignStatus) => <Tag color={STATUS_COLORS[s]}>{t(`evaluation.status.${s}`)}</Tag>,
              },
              {
                title: t('evaluation.turnout'),
                width: 200,
                render: (_, r) =>
                  r.issued > 0 ? (
                    <div style={{ minWidth: 160 }}>
                      <Progress percent={Math.round((r.used / r.issued) * 100)} size="small" />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.used} / {r.issued}
                      </Typography.Text>
                    </div>
                  ) : (
                    '—'
                  ),
              },
              { title: t('evaluation.openedAt'), dataIndex: 'openedAt', width: 150, render: fmtTime },
              { title: t('evaluation.closedAt'), dataIndex: 'closedAt', width: 150, render: fmtTime },
            ]}
          />
        )}
      </Card>
      <Modal
        open={creating}
        title={t('evaluation.createTitle')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('evaluation.createHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="year" label={t('evaluation.year')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} style={{ width: 140 }} data-testid="evaluation-year" />
          </Form.Item>
          <Form.Item name="name" label={t('evaluation.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input placeholder={t('evaluation.namePlaceholder')} data-testid="evaluation-name" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
