import { Alert, Empty, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSignedIn } from '../auth/session';
import { LoadError } from '../components/ListParts';
import { PageHeader } from '../components/PageHeader';
import { CorrectionsCard, TieDecisionsCard } from '../components/yearend/governance';
import { BlockerTable } from '../components/yearend/Blockers';
import { ResultTabs } from './results/ResultTabs';
import { StatusCard } from './results/StatusCard';
import { useResultsYear } from './results/useResultsYear';

/**
 * 考核结果 (docs/results.md): a year's state and actions, what blocks it, tie decisions and corrections, and the
 * results in tabs. The parts live in `./results/`: the year and source (`useResultsYear`), the status card, the
 * tabs (ranking, diagnostics, sensitivity, comparison with last year's scheme, history).
 */
export default function ResultsPage() {
  const { t } = useTranslation();
  const { can } = useSignedIn();
  const { years, year, setYear, reviewer, review, hasPreview, source, setSource, names, unitCount } = useResultsYear();
  const r = review.data;

  return (
    <div>
      <PageHeader
        title={t('results.title')}
        subtitle={t('results.subtitle')}
        extra={
          <Select
            value={year}
            onChange={setYear}
            style={{ width: 140 }}
            loading={years.isLoading}
            data-testid="results-year"
            options={(years.data?.items ?? []).map((y) => ({
              value: y.year,
              label: t('results.yearOption', { year: y.year }),
            }))}
          />
        }
      />
      {years.error && <LoadError error={years.error} />}
      {review.error && <LoadError error={review.error} />}
      {r && year !== undefined && (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <StatusCard year={year} review={r} reviewer={reviewer} hasPreview={hasPreview} unitCount={unitCount} />
          {!reviewer && !r.published && <Empty description={t('results.unitPublishedOnly')} />}
          {reviewer && r.status === 'none' && <Alert type="info" showIcon message={t('results.notComputed')} />}
          {reviewer && <BlockerTable review={r} />}
          {reviewer && <TieDecisionsCard review={r} />}
          {reviewer && r.published && (
            <CorrectionsCard year={year} canApprove={can('results:approve')} canPublish={can('results:publish')} />
          )}
          {(r.published || (reviewer && hasPreview)) && (
            <ResultTabs
              year={year}
              review={r}
              reviewer={reviewer}
              hasPreview={hasPreview}
              source={source}
              setSource={setSource}
              names={names}
            />
          )}
        </Space>
      )}
    </div>
  );
}
