import { Alert, Button, Input, Radio, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewDecision, ReviewItem } from './model';

interface Props {
  review: { fromYear: number; items: ReviewItem[] };
  groupName: (id: string) => string;
  readOnly: boolean;
  busy: boolean;
  onDecide: (decisions: { indicatorId: string; decision: ReviewDecision; note?: string }[]) => void;
}

/**
 * R25 "对全给满分的指标…予以取消或调整": a scheme copied from last year lists last year's full-mark and
 * non-discriminating indicators; the office keeps, adjusts or drops each (recorded in the scheme's history).
 */
export function ReviewPanel({ review, groupName, readOnly, busy, onDecide }: Props) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<Record<string, { decision?: ReviewDecision; note?: string }>>({});
  const open = review.items.filter((i) => !i.decision).length;
  const chosen = Object.entries(choice).filter(([, c]) => c.decision);
  return (
    <div data-testid="scheme-review">
      <Alert
        type={open > 0 ? 'warning' : 'success'}
        showIcon
        style={{ marginBottom: 12 }}
        message={t('editor.review.title', { year: review.fromYear, count: review.items.length })}
        description={open > 0 ? t('editor.review.open', { count: open }) : t('editor.review.done')}
      />
      <Table<ReviewItem>
        size="small"
        rowKey={(r) => `${r.groupId}/${r.indicatorId}`}
        dataSource={review.items}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('editor.review.group'), render: (_, r) => groupName(r.groupId), width: 100 },
          { title: t('editor.review.indicator'), dataIndex: 'name' },
          {
            title: t('editor.review.fullMarkRate'),
            render: (_, r) => `${Math.round(r.fullMarkRate * 1000) / 10}%`,
            width: 90,
          },
          {
            title: t('editor.review.why'),
            render: (_, r) =>
              r.reasons.map((x) => <Tag key={x}>{t(`results.diagnostics.reasonCodes.${x}`, { defaultValue: x })}</Tag>),
          },
          {
            title: t('editor.review.decision'),
            width: 260,
            render: (_, r) => {
              const c = choice[r.indicatorId];
              const value = c?.decision ?? r.decision ?? undefined;
              return (
                <Radio.Group
                  size="small"
                  value={value}
                  disabled={readOnly || !!r.decision}
                  onChange={(e) =>
                    setChoice((m) => ({
                      ...m,
                      [r.indicatorId]: { ...m[r.indicatorId], decision: e.target.value as ReviewDecision },
                    }))
                  }
                  data-testid={`review-${r.indicatorId}`}
                >
                  <Radio.Button value="keep">{t('editor.review.keep')}</Radio.Button>
                  <Radio.Button value="adjust">{t('editor.review.adjust')}</Radio.Button>
                  <Radio.Button value="drop">{t('editor.review.drop')}</Radio.Button>
                </Radio.Group>
              );
            },
          },
          {
            title: t('editor.review.note'),
            render: (_, r) =>
              r.decision ? (
                <Typography.Text type="secondary">{r.note ?? ''}</Typography.Text>
              ) : (
                <Input
                  size="small"
                  maxLength={200}
                  disabled={readOnly}
                  value={choice[r.indicatorId]?.note ?? ''}
                  onChange={(e) =>
                    setChoice((m) => ({ ...m, [r.indicatorId]: { ...m[r.indicatorId], note: e.target.value } }))
                  }
                />
              ),
          },
        ]}
      />
      {!readOnly && open > 0 && (
        <Button
          type="primary"
          style={{ marginTop: 12 }}
          disabled={chosen.length === 0}
          loading={busy}
          data-testid="review-save"
          onClick={() =>
            onDecide(
              chosen.map(([indicatorId, c]) => ({
                indicatorId,
                decision: c.decision as ReviewDecision,
                ...(c.note?.trim() ? { note: c.note.trim() } : {}),
              })),
            )
          }
        >
          {t('editor.review.save', { count: chosen.length })}
        </Button>
      )}
    </div>
  );
}
