import { useEffect, useState } from 'react';
import { ActiveBadge, listPagination, LoadError, RefreshButton, StatusFilter } from '../components/ListParts';
import { App as AntApp, Button, Card, Grid, Input, Popconfirm, Select, Space, Table, Tag, Tooltip } from 'antd';
import {
  ApartmentOutlined,
  BranchesOutlined,
  CheckCircleOutlined,
  EditOutlined,
  PlusOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { ColumnsType } from 'antd/es/table';
import { groupsApi, unitsApi } from '../api/endpoints';
import { isApiError } from '../api/client';
import type { Unit, UnitKind, UnitQuery } from '../api/types';
import { useSignedIn } from '../auth/session';
import { errorMessage } from '../components/errors';
import { PageHeader } from '../components/PageHeader';
import { ExcelButtons } from '../components/ExcelButtons';
import { useListParams } from '../components/useListParams';
import { ForbiddenPage } from './ForbiddenPage';
import { GroupsPanel } from './GroupsPanel';
import { SuccessionModal } from './SuccessionModal';
import { UnitFormModal } from './UnitFormModal';

const FILTER_KEYS = ['q', 'groupId', 'kind', 'active'] as const;

export default function UnitsPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const { can } = useSignedIn();
  const canWrite = can('units:write');
  const { values, page, pageSize, update } = useListParams(FILTER_KEYS);
  // On a phone the row actions show icons only, so the name column keeps its room.
  const iconOnly = Grid.useBreakpoint().sm === false;
  const [search, setSearch] = useState(values.q ?? '');
  const [editing, setEditing] = useState<{ unit: Unit | null } | null>(null);
  const [panel, setPanel] = useState<'groups' | 'succession' | null>(null);

  useEffect(() => setSearch(values.q ?? ''), [values.q]);

  const query: UnitQuery = {
    page,
    pageSize,
    ...(values.q ? { q: values.q } : {}),
    ...(values.groupId ? { groupId: values.groupId } : {}),
    ...(values.kind === 'township' || values.kind === 'department' ? { kind: values.kind } : {}),
    ...(values.active === 'true' || values.active === 'false' ? { active: values.active === 'true' } : {}),
  };
  const list = useQuery({
    queryKey: ['units', query],
    queryFn: () => unitsApi.list(query),
    placeholderData: keepPreviousData,
  });
  const groups = useQuery({ queryKey: ['groups'], queryFn: groupsApi.list });

  const toggle = useMutation({
    mutationFn: (u: Unit) => unitsApi.update(u.id, { version: u.version, active: !u.active }),
    onSuccess: (u) => {
      message.success(t(u.active ? 'units.activated' : 'units.deactivated', { name: u.name }));
      void qc.invalidateQueries({ queryKey: ['units'] });
      void qc.invalidateQueries({ queryKey: ['overview'] });
    },
    onError: (e) => {
      message.error(errorMessage(e, t));
      if (isApiError(e) && e.code === 'VERSION_CONFLICT') void qc.invalidateQueries({ queryKey: ['units'] });
    },
  });

  if (list.isError && isApiError(list.error) && list.error.code === 'FORBIDDEN') return <ForbiddenPage />;

  const columns: ColumnsType<Unit> = [
    {
      title: t('units.columns.code'),
      dataIndex: 'code',
      width: 110,
      responsive: ['sm'],
      render: (code: string) => <span className="ys-mono">{code}</span>,
    },
    {
      title: t('units.columns.name'),
      dataIndex: 'name',
      render: (name: string, u) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          <div style={{ fontWeight: 500 }}>{name}</div>
          {u.shortName && (
            <div className="ys-muted" style={{ fontSize: 12 }}>
              {u.shortName}
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('units.columns.kind'),
      dataIndex: 'kind',
      width: 100,
      responsive: ['sm'],
      render: (k: UnitKind) => <Tag color={k === 'township' ? 'green' : 'blue'}>{t(`kinds.${k}`)}</Tag>,
    },
    { title: t('units.columns.group'), dataIndex: 'groupName', width: 130, responsive: ['md'] },
    {
      title: t('units.columns.contact'),
      key: 'contact',
      width: 160,
      responsive: ['lg'],
      render: (_, u) =>
        u.contactName || u.contactPhone ? (
          <div>
            <div>{u.contactName ?? '—'}</div>
            {u.contactPhone && (
              <div className="ys-muted ys-mono" style={{ fontSize: 12 }}>
                {u.contactPhone}
              </div>
            )}
          </div>
        ) : (
          <span className="ys-muted">—</span>
        ),
    },
    { title: t('units.columns.sortOrder'), dataIndex: 'sortOrder', width: 70, align: 'right', responsive: ['lg'] },
    {
      title: t('reform.validity.column'),
      key: 'validity',
      width: 190,
      responsive: ['xl'],
      render: (_, u) =>
        u.validFrom || u.validTo ? (
          <span className="ys-mono" style={{ fontSize: 12 }}>
            {u.validFrom ?? '…'} ~ {u.validTo ?? t('reform.validity.open')}
          </span>
        ) : (
          <span className="ys-muted">—</span>
        ),
    },
    {
      title: t('units.columns.status'),
      dataIndex: 'active',
      width: 90,
      render: (active: boolean) => <ActiveBadge active={active} />,
    },
    {
      title: t('common.updatedAt'),
      dataIndex: 'updatedAt',
      width: 150,
      responsive: ['xxl'],
      render: (v: string) => (
        <Tooltip title={dayjs(v).format('YYYY-MM-DD HH:mm:ss')}>
          <span className="ys-muted">{dayjs(v).format('YYYY-MM-DD HH:mm')}</span>
        </Tooltip>
      ),
    },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 160,
      render: (_, u) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            onClick={() => setEditing({ unit: u })}
            aria-label={t('common.edit')}
            data-testid={`unit-edit-${u.code}`}
          >
            {iconOnly ? null : t('common.edit')}
          </Button>
          <Popconfirm
            title={t(u.active ? 'units.confirmDeactivate' : 'units.confirmActivate', { name: u.name })}
            description={u.active ? t('units.confirmDeactivateDesc') : undefined}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: u.active, loading: toggle.isPending }}
            onConfirm={() => toggle.mutateAsync(u).catch(() => undefined)}
          >
            <Button
              type="link"
              size="small"
              danger={u.active}
              icon={u.active ? <StopOutlined /> : <CheckCircleOutlined />}
              aria-label={u.active ? t('common.deactivate') : t('common.activate')}
              data-testid={`unit-toggle-${u.code}`}
            >
              {iconOnly ? null : u.active ? t('common.deactivate') : t('common.activate')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  const groupOptions = (groups.data?.items ?? []).map((g) => ({ value: g.id, label: `${g.name}（${g.unitCount}）` }));

  return (
    <div data-testid="units-page">
      <PageHeader
        title={t('units.title')}
        subtitle={t('units.subtitle')}
        extra={
          <Space wrap>
            <ExcelButtons
              kind="units"
              canWrite={canWrite}
              onImported={() => {
                void qc.invalidateQueries({ queryKey: ['units'] });
                void qc.invalidateQueries({ queryKey: ['overview'] });
              }}
            />
            <Button icon={<ApartmentOutlined />} onClick={() => setPanel('groups')} data-testid="groups-open">
              {t('reform.groups.open')}
            </Button>
            {canWrite && (
              <Button icon={<BranchesOutlined />} onClick={() => setPanel('succession')} data-testid="succession-open">
                {t('reform.succession.open')}
              </Button>
            )}
            {canWrite && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setEditing({ unit: null })}
                data-testid="unit-create"
              >
                {t('units.create')}
              </Button>
            )}
          </Space>
        }
      />
      <Card variant="borderless">
        <div className="ys-toolbar">
          <Input.Search
            allowClear
            placeholder={t('units.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => update({ q: v.trim() })}
            style={{ width: 260 }}
            className="ys-f-search"
            data-testid="units-search"
          />
          <Select
            allowClear
            placeholder={t('units.filterGroup')}
            value={values.groupId}
            onChange={(v: string | undefined) => update({ groupId: v })}
            options={groupOptions}
            style={{ width: 200 }}
            className="ys-f-select"
            data-testid="units-filter-group"
          />
          <Select
            allowClear
            placeholder={t('units.filterKind')}
            value={values.kind}
            onChange={(v: string | undefined) => update({ kind: v })}
            options={(['township', 'department'] as const).map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
            style={{ width: 140 }}
            className="ys-f-select"
            data-testid="units-filter-kind"
          />
          <StatusFilter
            value={values.active}
            onChange={(v) => update({ active: v })}
            placeholder={t('units.filterStatus')}
            testId="units-filter-status"
          />
          <RefreshButton onRefresh={() => void list.refetch()} />
        </div>
        <LoadError error={list.isError ? list.error : null} />
        <Table<Unit>
          rowKey="id"
          data-testid="units-table"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: list.isPending ? ' ' : t('units.empty') }}
          rowClassName={(u) => (u.active ? '' : 'ys-row-inactive')}
          pagination={listPagination(t, page, pageSize, list.data?.total ?? 0, update)}
        />
      </Card>
      <GroupsPanel open={panel === 'groups'} onClose={() => setPanel(null)} canWrite={canWrite} />
      {canWrite && <SuccessionModal open={panel === 'succession'} onClose={() => setPanel(null)} />}
      <UnitFormModal
        open={editing !== null}
        unit={editing?.unit ?? null}
        onClose={() => setEditing(null)}
        onSaved={(u, created) => {
          message.success(created ? `${t('common.created')}：${u.name}` : `${t('common.saved')}：${u.name}`);
          setEditing(null);
        }}
      />
    </div>
  );
}
