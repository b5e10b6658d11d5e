import { useEffect } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  Col,
  Form,
  Input,
  List,
  Row,
  Segmented,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import dayjs from 'dayjs';
import { notificationsApi } from '../api/supervision';
import { errorMessage } from '../components/errors';
import { LoadError } from '../components/ListParts';
import { PageHeader } from '../components/PageHeader';
import { useListParams } from '../components/useListParams';

function DigestSettings() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ email: string; digest: boolean }>();
  const settings = useQuery({ queryKey: ['notifications', 'settings'], queryFn: notificationsApi.settings });
  useEffect(() => {
    if (settings.data) form.setFieldsValue({ email: settings.data.email ?? '', digest: settings.data.digest });
  }, [settings.data, form]);
  const save = useMutation({
    mutationFn: (v: { email: string; digest: boolean }) => notificationsApi.saveSettings(v),
    onSuccess: () => message.success(t('inbox.saved')),
    onError: (e) => message.error(errorMessage(e, t)),
  });
  return (
    <Card title={t('inbox.settings')}>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="email" label={t('inbox.email')}>
          <Input type="email" maxLength={200} placeholder="name@example.gov.cn" />
        </Form.Item>
        <Form.Item name="digest" label={t('inbox.digest')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Button htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

export default function NotificationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const { values, page, pageSize, update } = useListParams(['filter'] as const, 20);
  const unread = values.filter === 'unread';
  const list = useQuery({
    queryKey: ['notifications', 'page', unread, page, pageSize],
    queryFn: () => notificationsApi.list({ page, pageSize, unread: unread || undefined }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['notifications'] });
  const read = useMutation({ mutationFn: (id: string) => notificationsApi.read(id), onSuccess: refresh });
  const readAll = useMutation({
    mutationFn: notificationsApi.readAll,
    onSuccess: (r) => {
      message.success(t('inbox.markedAll', { n: r.updated }));
      refresh();
    },
  });
  return (
    <div>
      <PageHeader title={t('inbox.title')} subtitle={t('inbox.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card
            title={
              <Segmented
                value={unread ? 'unread' : 'all'}
                options={[
                  { value: 'all', label: t('inbox.all') },
                  { value: 'unread', label: `${t('inbox.unread')}（${list.data?.unread ?? 0}）` },
                ]}
                onChange={(v) => update({ filter: v === 'unread' ? 'unread' : undefined })}
              />
            }
            extra={
              <Button onClick={() => readAll.mutate()} disabled={!list.data?.unread} data-testid="read-all">
                {t('inbox.markAllRead')}
              </Button>
            }
          >
            <LoadError error={list.error} />
            <List
              loading={list.isFetching}
              dataSource={list.data?.items ?? []}
              locale={{ emptyText: t('inbox.empty') }}
              pagination={{
                current: page,
                pageSize,
                total: list.data?.total ?? 0,
                hideOnSinglePage: true,
                onChange: (p) => update({ page: p === 1 ? undefined : p }, false),
              }}
              renderItem={(n) => (
                <List.Item
                  actions={[
                    n.link ? (
                      <a
                        key="open"
                        onClick={() => {
                          if (!n.read) read.mutate(n.id);
                          void navigate(n.link ?? '/');
                        }}
                      >
                        {t('inbox.open')}
                      </a>
                    ) : null,
                    !n.read ? (
                      <a key="read" onClick={() => read.mutate(n.id)}>
                        {t('inbox.markRead')}
                      </a>
                    ) : null,
                  ].filter(Boolean)}
                >
                  <Space direction="vertical" size={0}>
                    <Typography.Text strong={!n.read}>
                      {!n.read && <Tag color="blue">{t('inbox.unread')}</Tag>}
                      {n.title}
                    </Typography.Text>
                    {n.body && <Typography.Text>{n.body}</Typography.Text>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <DigestSettings />
        </Col>
      </Row>
    </div>
  );
}
