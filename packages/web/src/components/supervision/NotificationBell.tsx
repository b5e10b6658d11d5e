import { useState } from 'react';
import { Badge, Button, Drawer, Empty, List, Space, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import dayjs from 'dayjs';
import { notificationsApi, type InboxItem } from '../../api/supervision';

/** The header bell: unread count (polled), and a drawer with the latest notifications. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const count = useQuery({
    queryKey: ['notifications', 'count'],
    queryFn: notificationsApi.unreadCount,
    refetchInterval: 60_000,
  });
  const latest = useQuery({
    queryKey: ['notifications', 'latest'],
    queryFn: () => notificationsApi.list({ pageSize: 10 }),
    enabled: open,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['notifications'] });
  const read = useMutation({ mutationFn: (id: string) => notificationsApi.read(id), onSuccess: refresh });
  const readAll = useMutation({ mutationFn: notificationsApi.readAll, onSuccess: refresh });
  const openItem = (n: InboxItem) => {
    if (!n.read) read.mutate(n.id);
    setOpen(false);
    if (n.link) void navigate(n.link);
  };
  return (
    <>
      <Badge count={count.data?.unread ?? 0} size="small" offset={[-4, 4]} data-testid="bell-count">
        <Button
          type="text"
          aria-label={t('inbox.bell')}
          icon={<BellOutlined />}
          onClick={() => setOpen(true)}
          data-testid="bell"
        />
      </Badge>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('inbox.title')}
        size={380}
        extra={
          <Button size="small" onClick={() => readAll.mutate()} disabled={!count.data?.unread}>
            {t('inbox.markAllRead')}
          </Button>
        }
        footer={
          <Button
            type="link"
            onClick={() => {
              setOpen(false);
              void navigate('/notifications');
            }}
          >
            {t('inbox.viewAll')}
          </Button>
        }
      >
        {latest.data && latest.data.items.length === 0 ? (
          <Empty description={t('inbox.empty')} />
        ) : (
          <List
            loading={latest.isLoading}
            dataSource={latest.data?.items ?? []}
            data-testid="bell-list"
            renderItem={(n) => (
              <List.Item style={{ cursor: 'pointer', opacity: n.read ? 0.6 : 1 }} onClick={() => openItem(n)}>
                <Space direction="vertical" size={0}>
                  <Typography.Text strong={!n.read}>
                    {!n.read && <Badge status="processing" />} {n.title}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {dayjs(n.createdAt).fromNow()}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Drawer>
    </>
  );
}
