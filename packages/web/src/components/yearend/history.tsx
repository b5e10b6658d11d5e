import { Space, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../api/yearend';

/** A year's label in a rank history: a year before the platform (result_history) is marked as such. */
export function HistoryYear({ h }: { h: HistoryEntry }) {
  const { t } = useTranslation();
  if (h.source !== 'history') return <>{h.year}</>;
  return (
    <Space size={4} wrap>
      {h.year}
      <Tooltip title={t('yearend.feedback.historyBeforeHint')}>
        <Tag style={{ marginInlineEnd: 0 }} data-testid="history-before">
          {t('yearend.feedback.historyBefore')}
        </Tag>
      </Tooltip>
    </Space>
  );
}

/** "rank/group size", or "—" where the year recorded no rank. */
export function historyRank(h: HistoryEntry): string {
  return h.rank === null ? '—' : h.groupSize !== null ? `${h.rank}/${h.groupSize}` : String(h.rank);
}
