import { useState } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Progress,
  Space,
  Spin,
  Timeline,
} from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import dayjs from 'dayjs';
import { supervisionApi, type SupervisionStatus } from '../api/supervision';
import { useSignedIn } from '../auth/session';
import { applyFieldErrors, errorMessage } from '../components/errors';
import { LoadError } from '../components/ListParts';
import { PageHeader } from '../components/PageHeader';
import { StatusTag } from '../components/supervision/shared';
import { SupervisionForm } from './SupervisionPage';

export default function SupervisionDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { can } = useSignedIn();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ progress: number; note: string }>();
  const [editing, setEditing] = useState(false);
  const item = useQuery({ queryKey: ['supervision', 'detail', id], queryFn: () => supervisionApi.get(id) });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['supervision'] });
  const report = useMutation({
    mutationFn: (v: { progress: number; note: string }) => supervisionApi.report(id, v),
    onSuccess: () => {
      message.success(t('supervision.reported'));
      form.resetFields();
      refresh();
    },
    onError: (e) => {
      applyFieldErrors(form, e, ['progress', 'note']);
      message.error(errorMessage(e, t));
    },
  });
  const setStatus = useMutation({
    mutationFn: (status: SupervisionStatus) => supervisionApi.update(id, { version: item.data?.version ?? 0, status }),
    onSuccess: () => {
      message.success(t('supervision.saved'));
      refresh();
    },
    onError: (e) => message.error(errorMessage(e, t)),
  });
  if (item.isLoading) return <Spin />;
  const d = item.data;
  if (!d) return <LoadError error={item.error} />;
  const office = can('supervision:write');
  return (
    <div>
      <PageHeader
        title={d.title}
        subtitle={
          <Link to="/supervision">
            <ArrowLeftOutlined /> {t('supervision.back')}
          </Link>
        }
        extra={
          office && (
            <Space wrap>
              <Button onClick={() => setEditing(true)}>{t('supervision.edit')}</Button>
              {d.status !== 'done' && (
                <Button onClick={() => setStatus.mutate('done')} data-testid="supervision-done">
                  {t('supervision.markDone')}
                </Button>
              )}
              {d.status !== 'cancelled' && d.status !== 'done' ? (
                <Button danger onClick={() => setStatus.mutate('cancelled')}>
                  {t('supervision.cancelItem')}
                </Button>
              ) : (
                <Button onClick={() => setStatus.mutate('ongoing')}>{t('supervision.reopen')}</Button>
              )}
            </Space>
          )
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('supervision.fields.kind')}>{t(`supervision.kinds.${d.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('supervision.fields.status')}>
            <StatusTag status={d.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('supervision.fields.source')}>{d.source ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('supervision.fields.leader')}>{d.leader ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('supervision.fields.owner')}>{d.owner.name}</Descriptions.Item>
          <Descriptions.Item label={t('supervision.fields.coUnits')}>
            {d.coUnits.map((u) => u.name).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('supervision.fields.deadline')}>{d.deadline}</Descriptions.Item>
          <Descriptions.Item label={t('supervision.columns.progress')}>
            <Progress percent={d.progress} size="small" style={{ width: 180 }} data-testid="supervision-progress" />
          </Descriptions.Item>
          <Descriptions.Item label={t('supervision.fields.indicator')} span={2}>
            {d.indicatorId ? `${d.indicatorName ?? ''}（${d.indicatorId}）` : t('supervision.notLinked')}
          </Descriptions.Item>
          <Descriptions.Item label={t('supervision.fields.content')} span={2}>
            {d.content ?? '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {d.canReport && (
        <Card title={t('supervision.report')} style={{ marginBottom: 16 }}>
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) => report.mutate(v)}
            initialValues={{ progress: d.progress }}
          >
            <Form.Item
              name="progress"
              label={t('supervision.reportProgress')}
              rules={[{ required: true }]}
              extra={t('supervision.reportHint')}
            >
              <InputNumber min={0} max={100} step={5} style={{ width: 140 }} data-testid="progress-value" />
            </Form.Item>
            <Form.Item name="note" label={t('supervision.reportNote')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={3} maxLength={2000} data-testid="progress-note" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={report.isPending} data-testid="progress-submit">
              {t('supervision.report')}
            </Button>
          </Form>
        </Card>
      )}
      <Card title={t('supervision.timeline')}>
        {d.reports.length === 0 ? (
          <Empty description={t('supervision.noReports')} />
        ) : (
          <Timeline
            data-testid="supervision-timeline"
            items={d.reports.map((r) => ({
              color: r.progress >= 100 ? 'green' : 'blue',
              children: (
                <div>
                  <div>
                    <strong>{r.progress}%</strong> · {dayjs(r.createdAt).format('YYYY-MM-DD HH:mm')}
                  </div>
                  <div>{r.note}</div>
                  <div className="ys-muted" style={{ fontSize: 12 }}>
                    {t('supervision.reportedBy', { unit: r.unit.name, who: r.reportedBy ?? '' })}
                  </div>
                </div>
              ),
            }))}
          />
        )}
      </Card>
      <SupervisionForm open={editing} item={d} year={d.year} onClose={() => setEditing(false)} />
    </div>
  );
}
