// The blockers of a year's preview: who to chase (by unit, by indicator) and every problem listed.
import { Alert, Card, Col, Row, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Blocker, ReviewView } from '../../api/results';

/** Whom to chase: the units and the indicators (with their assessors) with the most blockers. */
function BlockerSummaryCards({ review }: { review: ReviewView }) {
  const { t } = useTranslation();
  const s = review.blockerSummary;
  if (s.byUnit.length === 0 && s.byIndicator.length === 0) return null;
  const count = { title: t('results.blockers.count'), dataIndex: 'count', align: 'right' as const, width: 80 };
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="results-blocker-summary">
      <Col xs={24} lg={10}>
        <Table
          size="small"
          title={() => t('results.blockers.byUnit', { count: s.units })}
          rowKey="unitCode"
          pagination={false}
          dataSource={s.byUnit}
          columns={[{ title: t('results.blockers.unit'), dataIndex: 'unitName' }, count]}
        />
      </Col>
      <Col xs={24} lg={14}>
        <Table
          size="small"
          title={() => t('results.blockers.byIndicator', { count: s.indicators })}
          rowKey="indicatorId"
          pagination={false}
          dataSource={s.byIndicator}
          columns={[
            { title: t('results.blockers.indicator'), dataIndex: 'indicatorName' },
            {
              title: t('results.blockers.owner'),
              dataIndex: 'ownerName',
              render: (v: string | null) => v ?? t('results.blockers.ownerUnit'),
            },
            count,
          ]}
        />
      </Col>
      <Col span={24}>
        <Typography.Text type="secondary">{t('results.blockers.summaryHint')}</Typography.Text>
      </Col>
    </Row>
  );
}

export function BlockerTable({ review }: { review: ReviewView }) {
  const { t, i18n } = useTranslation();
  const info = review.review;
  if (!info) return null;
  if (info.blockerCount === 0)
    return <Alert type="success" showIcon message={t('results.blockers.none')} data-testid="results-no-blockers" />;
  const columns: ColumnsType<Blocker> = [
    { title: t('results.blockers.kind'), dataIndex: 'kind', render: (k: string) => t(`results.blockers.kinds.${k}`) },
    {
      title: t('results.blockers.unit'),
      dataIndex: 'unitCode',
      render: (code: string | undefined, b: Blocker) => (b.unitName ? `${b.unitName}（${code ?? ''}）` : code),
    },
    {
      title: t('results.blockers.indicator'),
      dataIndex: 'indicatorId',
      render: (id: string | undefined, b: Blocker) => b.indicatorName ?? id,
    },
    { title: t('results.blockers.node'), dataIndex: 'nodeId' },
    {
      title: t('results.blockers.detail'),
      render: (_: unknown, b) =>
        b.record
          ? t('results.blockers.record', {
              what: [b.record.ruleId, b.record.level, b.record.issuedOn, b.record.documentNo]
                .filter((x) => x)
                .join(' · '),
              title: b.record.title,
              problem: b.record.problem[i18n.language.startsWith('en') ? 'en' : 'zh-CN'],
            })
          : b.status
            ? t(`results.blockers.reportStatus.${b.status}`, { defaultValue: b.status })
            : (b.detail ?? b.groupId ?? ''),
    },
  ];
  return (
    <Card
      size="small"
      title={t('results.blockers.title', { count: info.blockerCount })}
      data-testid="results-blockers"
      extra={
        <Space wrap>
          {Object.entries(info.blockerCounts).map(([k, n]) => (
            <Tag key={k} color="error">
              {t(`results.blockers.kinds.${k}`)} {n}
            </Tag>
          ))}
        </Space>
      }
    >
      <BlockerSummaryCards review={review} />
      <Table
        size="small"
        rowKey={(b) => `${b.kind}|${b.unitCode ?? ''}|${b.indicatorId ?? ''}|${b.nodeId ?? ''}|${b.detail ?? ''}`}
        columns={columns}
        dataSource={review.blockers}
        pagination={{ pageSize: 10, size: 'small', showSizeChanger: false }}
        scroll={{ x: true }}
      />
      {review.blockers.length < info.blockerCount && (
        <Typography.Text type="secondary">
          {t('results.blockers.more', { shown: review.blockers.length, count: info.blockerCount })}
        </Typography.Text>
      )}
    </Card>
  );
}
