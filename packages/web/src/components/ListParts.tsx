import { Badge, Button, Select, Tooltip, Typography, type TablePaginationConfig } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { errorMessage } from './errors';

/** Pieces every list page (units, users, records) shares: filters, refresh, load error, paging. */

export function StatusFilter({
  value,
  onChange,
  placeholder,
  testId,
}: {
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  placeholder: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Select
      allowClear
      placeholder={placeholder}
      value={value}
      onChange={onChange}
      options={[
        { value: 'true', label: t('common.active') },
        { value: 'false', label: t('common.inactive') },
      ]}
      style={{ width: 120 }}
      className="ys-f-select"
      data-testid={testId}
    />
  );
}

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge
      style={{ whiteSpace: 'nowrap' }}
      status={active ? 'success' : 'default'}
      text={active ? t('common.active') : t('common.inactive')}
    />
  );
}

export function RefreshButton({ onRefresh }: { onRefresh: () => void }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('common.refresh')}>
      <Button icon={<ReloadOutlined />} onClick={onRefresh} aria-label={t('common.refresh')} />
    </Tooltip>
  );
}

export function LoadError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Typography.Text type="danger" style={{ display: 'block', marginBottom: 12 }}>
      {t('errors.loadFailed')}：{errorMessage(error, t)}
    </Typography.Text>
  );
}

/** Table paging kept in the URL (page 1 and 20 rows are the defaults and stay out of it). */
export function listPagination(
  t: TFunction,
  page: number,
  pageSize: number,
  total: number,
  update: (patch: { page?: number | undefined; pageSize?: number | undefined }, resetPage?: boolean) => void,
): TablePaginationConfig {
  return {
    current: page,
    pageSize,
    total,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (n) => t('common.total', { total: n }),
    onChange: (p, ps) => update({ page: p === 1 ? undefined : p, pageSize: ps === 20 ? undefined : ps }, false),
  };
}
