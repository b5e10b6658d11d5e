import { useEffect, useState } from 'react';
import { ActiveBadge, listPagination, LoadError, RefreshButton, StatusFilter } from '../components/ListParts';
import { App as AntApp, Button, Card, Grid, Input, Popconfirm, Select, Space, Table, Tag, Tooltip } from 'antd';
import { CheckCircleOutlined, EditOutlined, KeyOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { ColumnsType } from 'antd/es/table';
import { usersApi } from '../api/endpoints';
import { isApiError } from '../api/client';
import { ROLES, type Role, type User, type UserQuery } from '../api/types';
import { useSignedIn } from '../auth/session';
import { errorMessage } from '../components/errors';
import { PageHeader } from '../components/PageHeader';
import { ExcelButtons } from '../components/ExcelButtons';
import { ROLE_COLORS } from '../components/roles';
import { useListParams } from '../components/useListParams';
import { ForbiddenPage } from './ForbiddenPage';
import { ResetPasswordModal, UserFormModal } from './UserModals';

const FILTER_KEYS = ['q', 'role', 'active'] as const;

function isRole(v: string | undefined): v is Role {
  return v !== undefined && (ROLES as readonly string[]).includes(v);
}

export default function UsersPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const { user: me, can } = useSignedIn();
  const canWrite = can('users:write');
  const canAssign = can('users:assignRole');
  const { values, page, pageSize, update } = useListParams(FILTER_KEYS);
  // On a phone the row actions show icons only, so the name column keeps its room.
  const iconOnly = Grid.useBreakpoint().sm === false;
  const [search, setSearch] = useState(values.q ?? '');
  const [editing, setEditing] = useState<{ user: User | null } | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);

  useEffect(() => setSearch(values.q ?? ''), [values.q]);

  const query: UserQuery = {
    page,
    pageSize,
    ...(values.q ? { q: values.q } : {}),
    ...(isRole(values.role) ? { role: values.role } : {}),
    ...(values.active === 'true' || values.active === 'false' ? { active: values.active === 'true' } : {}),
  };
  const list = useQuery({
    queryKey: ['users', query],
    queryFn: () => usersApi.list(query),
    placeholderData: keepPreviousData,
  });

  const toggle = useMutation({
    mutationFn: (u: User) => usersApi.update(u.id, { version: u.version, active: !u.active }),
    onSuccess: (u) => {
      message.success(t(u.active ? 'users.activated' : 'users.deactivated', { name: u.displayName }));
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (e) => {
      message.error(errorMessage(e, t));
      if (isApiError(e) && e.code === 'VERSION_CONFLICT') void qc.invalidateQueries({ queryKey: ['users'] });
    },
  });

  if (list.isError && isApiError(list.error) && list.error.code === 'FORBIDDEN') return <ForbiddenPage />;

  const columns: ColumnsType<User> = [
    {
      title: t('users.columns.username'),
      dataIndex: 'username',
      width: 150,
      render: (v: string, u) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <span className="ys-mono">{v}</span>
          {u.id === me.id && (
            <Tag style={{ marginLeft: 6 }} variant="filled">
              {t('users.self')}
            </Tag>
          )}
        </span>
      ),
    },
    { title: t('users.columns.displayName'), dataIndex: 'displayName', width: 140, responsive: ['sm'] },
    {
      title: t('users.columns.role'),
      dataIndex: 'role',
      width: 130,
      render: (r: Role) => <Tag color={ROLE_COLORS[r]}>{t(`roles.${r}`)}</Tag>,
    },
    {
      title: t('users.columns.unit'),
      dataIndex: 'unitName',
      responsive: ['md'],
      render: (v: string | null) => v ?? <span className="ys-muted">—</span>,
    },
    {
      title: t('users.columns.status'),
      dataIndex: 'active',
      width: 150,
      // The real sign-in state (the sign-in answer never tells a locked or unconfirmed account from a wrong password).
      render: (active: boolean, u) => (
        <Space size={4} wrap>
          <ActiveBadge active={active} />
          {u.awaitingConfirmation && u.pendingRequest === 'create' && (
            <Tag color="gold" data-testid="user-awaiting">
              {t('users.awaiting')}
            </Tag>
          )}
          {u.pendingRequest === 'reset_password' && <Tag color="gold">{t('users.resetPending')}</Tag>}
          {u.lockedUntil && (
            <Tooltip title={t('users.lockedUntil', { at: dayjs(u.lockedUntil).format('YYYY-MM-DD HH:mm') })}>
              <Tag color="red">{t('users.locked')}</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: t('users.columns.lastLogin'),
      dataIndex: 'lastLoginAt',
      width: 160,
      responsive: ['lg'],
      render: (v: string | null) =>
        v ? (
          <Tooltip title={dayjs(v).format('YYYY-MM-DD HH:mm:ss')}>
            <span>{dayjs(v).format('YYYY-MM-DD HH:mm')}</span>
          </Tooltip>
        ) : (
          <span className="ys-muted">{t('users.columns.never')}</span>
        ),
    },
  ];
  if (canWrite || canAssign) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: canWrite ? 250 : 90,
      render: (_, u) => (
        <Space size={0} wrap={false}>
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            onClick={() => setEditing({ user: u })}
            aria-label={t('common.edit')}
            data-testid={`user-edit-${u.username}`}
          >
            {iconOnly ? null : t('common.edit')}
          </Button>
          {canWrite && (
            <Button
              type="link"
              size="small"
              icon={<KeyOutlined />}
              onClick={() => setResetting(u)}
              aria-label={t('users.resetPassword')}
              data-testid={`user-reset-${u.username}`}
            >
              {iconOnly ? null : t('users.resetPassword')}
            </Button>
          )}
          {canWrite && (
            <Popconfirm
              title={t(u.active ? 'users.confirmDeactivate' : 'users.confirmActivate', { name: u.displayName })}
              description={u.active ? t('users.confirmDeactivateDesc') : undefined}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: u.active, loading: toggle.isPending }}
              onConfirm={() => toggle.mutateAsync(u).catch(() => undefined)}
              disabled={u.id === me.id}
            >
              <Button
                type="link"
                size="small"
                danger={u.active}
                disabled={u.id === me.id}
                icon={u.active ? <StopOutlined /> : <CheckCircleOutlined />}
                aria-label={u.active ? t('common.deactivate') : t('common.activate')}
                data-testid={`user-toggle-${u.username}`}
              >
                {iconOnly ? null : u.active ? t('common.deactivate') : t('common.activate')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    });
  }

  return (
    <div data-testid="users-page">
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        extra={
          <Space wrap>
            <ExcelButtons
              kind="users"
              canWrite={canWrite}
              onImported={() => void qc.invalidateQueries({ queryKey: ['users'] })}
            />
            {canWrite && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setEditing({ user: null })}
                data-testid="user-create"
              >
                {t('users.create')}
              </Button>
            )}
          </Space>
        }
      />
      <Card variant="borderless">
        <div className="ys-toolbar">
          <Input.Search
            allowClear
            placeholder={t('users.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => update({ q: v.trim() })}
            style={{ width: 260 }}
            className="ys-f-search"
            data-testid="users-search"
          />
          <Select
            allowClear
            placeholder={t('users.filterRole')}
            value={isRole(values.role) ? values.role : undefined}
            onChange={(v: string | undefined) => update({ role: v })}
            options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            style={{ width: 160 }}
            className="ys-f-select"
            data-testid="users-filter-role"
          />
          <StatusFilter
            value={values.active}
            onChange={(v) => update({ active: v })}
            placeholder={t('users.filterStatus')}
            testId="users-filter-status"
          />
          <RefreshButton onRefresh={() => void list.refetch()} />
        </div>
        <LoadError error={list.isError ? list.error : null} />
        <Table<User>
          rowKey="id"
          data-testid="users-table"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: list.isPending ? ' ' : t('users.empty') }}
          rowClassName={(u) => (u.active ? '' : 'ys-row-inactive')}
          pagination={listPagination(t, page, pageSize, list.data?.total ?? 0, update)}
        />
      </Card>
      <UserFormModal
        open={editing !== null}
        user={editing?.user ?? null}
        onClose={() => setEditing(null)}
        onSaved={(u, created) => {
          message.success(
            created && u.awaitingConfirmation
              ? t('users.createRequested', { name: u.displayName })
              : created
                ? `${t('common.created')}：${u.displayName}`
                : `${t('common.saved')}：${u.displayName}`,
          );
          setEditing(null);
        }}
      />
      <ResetPasswordModal
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={(u, pending) => {
          message.success(t(pending ? 'users.resetRequested' : 'users.resetDone', { name: u.displayName }));
          setResetting(null);
        }}
      />
    </div>
  );
}
