import { useState } from 'react';
import { App as AntApp, Button, Card, Form, Input, List, Modal, Segmented, Space, Switch, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { inYearApi, type RedItem } from '../../api/inyear';
import { useSignedIn } from '../../auth/session';
import { errorMessage } from '../../components/errors';
import { LoadError } from '../../components/ListParts';
import { PageHeader } from '../../components/PageHeader';

const COLORS: Record<RedItem['status'], string> = {
  open: 'error',
  answered: 'processing',
  returned: 'warning',
  closed: 'success',
};

export default function RedLightsPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const { can } = useSignedIn();
  const [status, setStatus] = useState<RedItem['status'] | 'all'>('all');
  const [overdue, setOverdue] = useState(false);
  const [answering, setAnswering] = useState<RedItem | null>(null);
  const [form] = Form.useForm<{ explanation: string; measures: string }>();
  const q = useQuery({
    queryKey: ['inyear', 'redlights', status, overdue],
    queryFn: () =>
      inYearApi.redItems({ ...(status === 'all' ? {} : { status }), ...(overdue ? { overdue: 'true' } : {}) }),
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['inyear'] });
  const answer = useMutation({
    mutationFn: async () => {
      const v = await form.validateFields();
      return inYearApi.answer(answering?.id ?? '', { ...v, version: answering?.version ?? 0 });
    },
    onSuccess: () => {
      setAnswering(null);
      refresh();
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const review = useMutation({
    mutationFn: ({ item, action, note }: { item: RedItem; action: 'return' | 'close'; note?: string }) =>
      inYearApi.reviewRed(item.id, { action, version: item.version, ...(note ? { note } : {}) }),
    onSuccess: refresh,
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const counts: Partial<NonNullable<typeof q.data>['counts']> = q.data?.counts ?? {};
  const askNote = (item: RedItem) => {
    let note = '';
    Modal.confirm({
      title: t('inyear.redlights.officeNote'),
      content: <Input.TextArea rows={3} autoFocus onChange={(e) => (note = e.target.value)} />,
      onOk: () => {
        if (!note.trim()) return Promise.reject(new Error(t('inyear.verify.reasonRequired')));
        review.mutate({ item, action: 'return', note: note.trim() });
        return Promise.resolve();
      },
    });
  };
  return (
    <div>
      <PageHeader title={t('inyear.redlights.title')} subtitle={t('inyear.redlights.subtitle')} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as RedItem['status'] | 'all')}
          options={[
            { value: 'all', label: '∑' },
            ...(['open', 'answered', 'returned', 'closed'] as const).map((s) => ({
              value: s,
              label: `${t(`inyear.redlights.status.${s}`)} ${counts[s] ?? 0}`,
            })),
          ]}
        />
        <Space>
          <Switch checked={overdue} onChange={setOverdue} size="small" />
          {t('inyear.redlights.onlyOverdue')} <Tag color="red">{counts.overdue ?? 0}</Tag>
        </Space>
      </Space>
      {q.error && <LoadError error={q.error} />}
      <List
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        grid={{ gutter: 12, xs: 1, sm: 1, md: 2, xl: 3 }}
        renderItem={(item) => (
          <List.Item>
            <Card
              size="small"
              data-testid={`red-item-${item.unitCode}`}
              title={<span style={{ whiteSpace: 'normal' }}>{item.title}</span>}
              extra={<Tag color={COLORS[item.status]}>{t(`inyear.redlights.status.${item.status}`)}</Tag>}
            >
              <Space wrap size={[4, 4]} style={{ marginBottom: 8 }}>
                <Tag>{item.unitName}</Tag>
                <Tag>
                  {t('inyear.redlights.opened')} {item.openedOn}
                </Tag>
                <Tag>
                  {t('inyear.redlights.answerDue')} {item.answerDue}
                </Tag>
                {item.overdue && <Tag color="red">{t('inyear.redlights.overdue')}</Tag>}
                {item.answeredLate && <Tag color="orange">{t('inyear.redlights.answeredLate')}</Tag>}
              </Space>
              {item.explanation && (
                <Typography.Paragraph style={{ marginBottom: 4 }}>
                  <b>{t('inyear.redlights.explanation')}：</b>
                  {item.explanation}
                </Typography.Paragraph>
              )}
              {item.measures && (
                <Typography.Paragraph style={{ marginBottom: 4 }}>
                  <b>{t('inyear.redlights.measures')}：</b>
                  {item.measures}
                </Typography.Paragraph>
              )}
              {item.officeNote && (
                <Typography.Paragraph type="warning" style={{ marginBottom: 4 }}>
                  <b>{t('inyear.redlights.officeNote')}：</b>
                  {item.officeNote}
                </Typography.Paragraph>
              )}
              <Space>
                {can('redlights:answer') && (item.status === 'open' || item.status === 'returned') && (
                  <Button
                    type="primary"
                    size="small"
                    data-testid="red-answer"
                    onClick={() => {
                      form.setFieldsValue({ explanation: item.explanation ?? '', measures: item.measures ?? '' });
                      setAnswering(item);
                    }}
                  >
                    {t('inyear.redlights.answer')}
                  </Button>
                )}
                {can('redlights:manage') && item.status === 'answered' && (
                  <>
                    <Button size="small" type="primary" onClick={() => review.mutate({ item, action: 'close' })}>
                      {t('inyear.redlights.close')}
                    </Button>
                    <Button size="small" onClick={() => askNote(item)}>
                      {t('inyear.redlights.returnIt')}
                    </Button>
                  </>
                )}
              </Space>
            </Card>
          </List.Item>
        )}
      />
      <Modal
        open={answering !== null}
        title={answering?.title}
        onCancel={() => setAnswering(null)}
        onOk={() => answer.mutate()}
        confirmLoading={answer.isPending}
        okButtonProps={{ id: 'red-answer-ok' }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="explanation" label={t('inyear.redlights.explanation')} rules={[{ required: true }]}>
            <Input.TextArea rows={4} maxLength={4000} data-testid="red-explanation" />
          </Form.Item>
          <Form.Item name="measures" label={t('inyear.redlights.measures')} rules={[{ required: true }]}>
            <Input.TextArea rows={4} maxLength={4000} data-testid="red-measures" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
