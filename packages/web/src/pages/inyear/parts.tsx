import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Light, LightReason } from '../../api/inyear';

const LIGHT_COLORS: Record<Light, string> = { green: 'success', yellow: 'warning', red: 'error' };
const STATUS_COLORS: Record<string, string> = {
  none: 'default',
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  approved: 'success',
  failed: 'error',
};

export function LightTag({ light, reason }: { light: Light | null; reason?: LightReason | null }) {
  const { t } = useTranslation();
  if (!light) return <Tag>{t('inyear.light.none')}</Tag>;
  const tag = (
    <Tag color={LIGHT_COLORS[light]} data-testid={`light-${light}`}>
      ● {t(`inyear.light.${light}`)}
    </Tag>
  );
  return reason ? <Tooltip title={t(`inyear.reason.${reason}`)}>{tag}</Tooltip> : tag;
}

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid={`status-${status}`}>
      {t(`inyear.status.${status}`)}
    </Tag>
  );
}
