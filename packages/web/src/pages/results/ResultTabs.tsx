import { Alert, Card, Select, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReviewView, Source } from '../../api/results';
import { useSignedIn } from '../../auth/session';
import { DiagnosticsTab } from './DiagnosticsTab';
import { HistoryTab } from './HistoryTab';
import { RankingTab } from './RankingTab';
import { SensitivityTab } from './SensitivityTab';
import { WhatIfTab } from './WhatIfTab';

/**
 * The year's results in tabs: the ranking for everyone; diagnostics, sensitivity, the comparison with last year's
 * scheme and the publication history for the office. Reviewers pick the published results or the preview.
 */
export function ResultTabs({
  year,
  review: r,
  reviewer,
  hasPreview,
  source,
  setSource,
  names,
}: {
  year: number;
  review: ReviewView;
  reviewer: boolean;
  hasPreview: boolean;
  source: Source;
  setSource: (s: Source) => void;
  names: Map<string, string>;
}) {
  const { t } = useTranslation();
  const { can } = useSignedIn();
  return (
    <Card size="small">
      {reviewer && r.published && hasPreview && (
        <Select
          size="small"
          value={source}
          onChange={setSource}
          style={{ marginBottom: 8, width: 220 }}
          options={[
            { value: 'published', label: t('results.sourcePublished') },
            { value: 'preview', label: t('results.sourcePreview') },
          ]}
        />
      )}
      {source === 'preview' && (
        <Alert type="warning" showIcon message={t('results.previewNote')} style={{ marginBottom: 8 }} />
      )}
      <Tabs
        items={[
          {
            key: 'ranking',
            label: t('results.tabs.ranking'),
            children: <RankingTab year={year} source={source} canDecide={can('results:compute') && !r.published} />,
          },
          ...(reviewer
            ? [
                {
                  key: 'diagnostics',
                  label: t('results.tabs.diagnostics'),
                  children: <DiagnosticsTab year={year} source={source} names={names} />,
                },
                {
                  key: 'sensitivity',
                  label: t('results.tabs.sensitivity'),
                  children: <SensitivityTab year={year} source={source} names={names} />,
                },
                {
                  key: 'whatif',
                  label: t('results.tabs.whatif'),
                  children: <WhatIfTab year={year} source={source} names={names} />,
                },
                {
                  key: 'history',
                  label: t('results.tabs.history'),
                  children: <HistoryTab year={year} review={r} canPublish={can('results:publish')} />,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
