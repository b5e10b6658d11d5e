import { Button, Drawer, Space, Table, Tag } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { SchemeDetail, SchemeVersionInfo } from '../../api/types';

/** The scheme's versions with their notes, authors, publishers and digests; open one, or compare it with the last. */
export function HistoryDrawer({
  scheme: s,
  open,
  onClose,
  versionNo,
  onOpenVersion,
  isPhone,
}: {
  scheme: SchemeDetail;
  open: boolean;
  onClose: () => void;
  versionNo: number | null;
  onOpenVersion: (no: number) => void;
  isPhone: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('editor.history')}
      size={isPhone ? '100%' : 720}
      data-testid="scheme-history-drawer"
    >
      <Table<SchemeVersionInfo>
        size="small"
        rowKey="no"
        pagination={false}
        dataSource={[...s.versions].sort((a, b) => b.no - a.no)}
        tableLayout="fixed"
        columns={[
          {
            title: t('editor.version'),
            dataIndex: 'no',
            width: 70,
            render: (no: number, v) => (
              <Space direction="vertical" size={2}>
                <b>v{no}</b>
                <Tag color={v.status === 'published' ? 'green' : v.status === 'draft' ? 'orange' : 'default'}>
                  {t(`schemes.versionStatus.${v.status}`)}
                </Tag>
              </Space>
            ),
          },
          {
            title: t('editor.note'),
            dataIndex: 'note',
            render: (note: string | null, v) => (
              <div style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
                <div>{note ?? '—'}</div>
                <div className="ys-muted" style={{ fontSize: 12 }}>
                  {t('editor.createdBy')}：{v.by ?? '—'} {dayjs(v.createdAt).format('YYYY-MM-DD HH:mm')}
                  {v.publishedAt && (
                    <>
                      {' · '}
                      {t('editor.publishedBy')}：{v.publishedBy ?? '—'}{' '}
                      {dayjs(v.publishedAt).format('YYYY-MM-DD HH:mm')}
                    </>
                  )}
                </div>
                {v.digest && (
                  <div className="ys-muted ys-mono" style={{ fontSize: 11 }} title={v.digest}>
                    {t('editor.digest')} {v.digest.slice(0, 16)}…
                  </div>
                )}
              </div>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 130,
            render: (_, v) => (
              <Space direction="vertical" size={0}>
                <Button
                  type="link"
                  size="small"
                  disabled={v.no === versionNo}
                  onClick={() => {
                    onClose();
                    onOpenVersion(v.no);
                  }}
                >
                  {t('editor.viewVersion')}
                </Button>
                {v.no > 1 && (
                  <Button
                    type="link"
                    size="small"
                    onClick={() =>
                      navigate(
                        `/schemes/diff?${new URLSearchParams({ from: `${s.id}:${v.no - 1}`, to: `${s.id}:${v.no}` }).toString()}`,
                      )
                    }
                  >
                    {t('editor.compareWithPrevious')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Drawer>
  );
}
