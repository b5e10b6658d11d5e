import { useState } from 'react';
import { Alert, App as AntApp, Button, Drawer, Form, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { groupsApi } from '../api/endpoints';
import type { Group, UnitKind } from '../api/types';
import { errorMessage } from '../components/errors';
import { ExcelButtons } from '../components/ExcelButtons';

/**
 * Unit groups as the county's data (issue 15): add, rename, reorder, retire and restore, and the groups in Excel.
 * The server refuses retiring a group that still has active units and says which.
 */
export function GroupsPanel({ open, onClose, canWrite }: { open: boolean; onClose: () => void; canWrite: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ code: string; name: string; kind: UnitKind }>();
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const groups = useQuery({ queryKey: ['groups'], queryFn: groupsApi.list, enabled: open });
  const items = groups.data?.items ?? [];
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['groups'] });
    void qc.invalidateQueries({ queryKey: ['units'] });
  };
  const onError = (e: unknown) => {
    message.error(errorMessage(e, t));
    refresh();
  };

  const create = useMutation({
    mutationFn: groupsApi.create,
    onSuccess: (g) => {
      message.success(t('reform.groups.created', { name: g.name }));
      form.resetFields();
      refresh();
    },
    onError,
  });
  const update = useMutation({
    mutationFn: ({ g, patch }: { g: Group; patch: { name?: string; retired?: boolean } }) =>
      groupsApi.update(g.id, { version: g.version, ...patch }),
    onSuccess: (g) => {
      message.success(t('reform.groups.saved', { name: g.name }));
      setRenaming(null);
      refresh();
    },
    onError,
  });
  const reorder = useMutation({ mutationFn: groupsApi.reorder, onSuccess: refresh, onError });
  const move = (index: number, by: -1 | 1) => {
    const ids = items.map((g) => g.id);
    const [moved] = ids.splice(index, 1);
    if (!moved) return;
    ids.splice(index + by, 0, moved);
    reorder.mutate(ids);
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('reform.groups.title')}
      size="large"
      data-testid="groups-panel"
      extra={<ExcelButtons kind="groups" canWrite={canWrite} size="small" onImported={refresh} />}
    >
      <Alert type="info" showIcon title={t('reform.groups.hint')} style={{ marginBottom: 12 }} />
      <Table<Group>
        rowKey="id"
        size="small"
        loading={groups.isFetching}
        dataSource={items}
        pagination={false}
        data-testid="groups-table"
        rowClassName={(g) => (g.retired ? 'ys-row-inactive' : '')}
        columns={[
          {
            title: t('reform.groups.code'),
            dataIndex: 'code',
            render: (c: string) => <span className="ys-mono">{c}</span>,
          },
          {
            title: t('reform.groups.name'),
            dataIndex: 'name',
            render: (name: string, g) =>
              renaming?.id === g.id ? (
                <Input.Search
                  size="small"
                  autoFocus
                  value={renaming.name}
                  enterButton={t('common.save')}
                  onChange={(e) => setRenaming({ id: g.id, name: e.target.value })}
                  onSearch={(v) => v.trim() && update.mutate({ g, patch: { name: v.trim() } })}
                  data-testid={`group-rename-input-${g.code}`}
                />
              ) : (
                name
              ),
          },
          { title: t('reform.groups.kind'), dataIndex: 'kind', render: (k: UnitKind) => t(`kinds.${k}`) },
          { title: t('reform.groups.units'), dataIndex: 'unitCount', align: 'right' },
          {
            title: t('reform.groups.status'),
            dataIndex: 'retired',
            render: (r: boolean) =>
              r ? <Tag>{t('reform.groups.retired')}</Tag> : <Tag color="green">{t('reform.groups.active')}</Tag>,
          },
          ...(canWrite
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, g: Group, i: number) => (
                    <Space size={0}>
                      <Button
                        type="link"
                        size="small"
                        icon={<ArrowUpOutlined />}
                        disabled={i === 0}
                        aria-label={t('reform.groups.up')}
                        onClick={() => move(i, -1)}
                      />
                      <Button
                        type="link"
                        size="small"
                        icon={<ArrowDownOutlined />}
                        disabled={i === items.length - 1}
                        aria-label={t('reform.groups.down')}
                        onClick={() => move(i, 1)}
                      />
                      <Button
                        type="link"
                        size="small"
                        onClick={() => setRenaming({ id: g.id, name: g.name })}
                        data-testid={`group-rename-${g.code}`}
                      >
                        {t('reform.groups.rename')}
                      </Button>
                      {g.retired ? (
                        <Button
                          type="link"
                          size="small"
                          onClick={() => update.mutate({ g, patch: { retired: false } })}
                        >
                          {t('reform.groups.restore')}
                        </Button>
                      ) : (
                        <Popconfirm
                          title={t('reform.groups.confirmRetire', { name: g.name })}
                          okText={t('common.confirm')}
                          cancelText={t('common.cancel')}
                          okButtonProps={{ danger: true }}
                          onConfirm={() => update.mutateAsync({ g, patch: { retired: true } }).catch(() => undefined)}
                        >
                          <Button type="link" size="small" danger data-testid={`group-retire-${g.code}`}>
                            {t('reform.groups.retire')}
                          </Button>
                        </Popconfirm>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canWrite && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 16, rowGap: 8 }}
          onFinish={(v) => create.mutate(v)}
          data-testid="group-create-form"
        >
          <Form.Item name="code" rules={[{ required: true, message: t('reform.succession.required') }]}>
            <Input placeholder={t('reform.groups.code')} style={{ width: 120 }} data-testid="group-code" />
          </Form.Item>
          <Form.Item name="name" rules={[{ required: true, message: t('reform.succession.required') }]}>
            <Input placeholder={t('reform.groups.name')} style={{ width: 160 }} data-testid="group-name" />
          </Form.Item>
          <Form.Item name="kind" rules={[{ required: true, message: t('reform.succession.required') }]}>
            <Select
              placeholder={t('reform.groups.kind')}
              style={{ width: 120 }}
              options={(['township', 'department'] as const).map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
              data-testid="group-kind"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            icon={<PlusOutlined />}
            loading={create.isPending}
            data-testid="group-create"
          >
            {t('reform.groups.create')}
          </Button>
        </Form>
      )}
    </Drawer>
  );
}
