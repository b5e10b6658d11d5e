import { Checkbox, Col, Form, Row, Select, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Num, RowsEditor } from '../fields';
import type { Tier } from '../model';
import { EligibilityRules } from './EligibilityRules';
import { Section, idCol, nameCol, type RuleSectionProps } from './shared';
import { TieBreakers } from './TieBreakers';

/** 等次评定: the tiers with their quotas and thresholds, how quotas round and ties resolve, and eligibility. */
export function TieringSection({ engine, readOnly, update }: RuleSectionProps) {
  const { t } = useTranslation();
  const tiers = engine.tiering.tiers;
  return (
    <Section id="tiering" title={t('rules.tiering')}>
      <RowsEditor<Tier>
        rows={tiers}
        disabled={readOnly}
        testId="rules-tiers"
        onChange={(rows) =>
          update((e) => {
            e.tiering = { ...e.tiering, tiers: rows };
          })
        }
        newRow={() => ({ id: `tier${tiers.length + 1}` })}
        columns={[
          idCol<Tier>(t),
          nameCol<Tier>(t),
          {
            key: 'share',
            title: t('rules.share'),
            render: (r, s) => (
              <Num value={r.share} onChange={(v) => s({ share: v })} min={0} max={1} step={0.05} width={76} />
            ),
          },
          {
            key: 'count',
            title: t('rules.count'),
            render: (r, s) => <Num value={r.count} onChange={(v) => s({ count: v })} min={0} width={70} />,
          },
          {
            key: 'minCount',
            title: t('rules.minCount'),
            render: (r, s) => <Num value={r.minCount} onChange={(v) => s({ minCount: v })} min={0} width={70} />,
          },
          {
            key: 'minScore',
            title: t('rules.minScore'),
            render: (r, s) => (
              <Num
                value={typeof r.minScore === 'object' ? r.minScore.value : r.minScore}
                onChange={(v) => s({ minScore: v })}
                min={0}
                width={80}
              />
            ),
          },
          {
            key: 'coefficient',
            title: t('rules.coefficient'),
            render: (r, s) => (
              <Num value={r.coefficient} onChange={(v) => s({ coefficient: v })} step={0.1} width={80} />
            ),
          },
          {
            key: 'award',
            title: t('rules.award'),
            render: (r, s) => <Switch size="small" checked={!!r.award} onChange={(v) => s({ award: v })} />,
          },
        ]}
      />
      <Row gutter={16} style={{ marginTop: 16 }}>
        {(
          [
            ['rounding', ['halfUp', 'floor', 'ceil'], 'roundings', 'halfUp'],
            ['quotaScope', ['group', 'county'], 'quotaScopes', 'group'],
            ['tiePolicy', ['tieBreak', 'allIn', 'allOut', 'flag'], 'tiePolicies', 'flag'],
            ['overrideOrder', ['beforeQuota', 'afterQuota'], 'overrideOrders', 'afterQuota'],
          ] as const
        ).map(([field, values, labels, def]) => (
          <Col xs={12} md={6} key={field}>
            <Form.Item label={t(`rules.${field}`)}>
              <Select
                value={(engine.tiering[field] as string | undefined) ?? def}
                onChange={(v: string) =>
                  update((e) => {
                    e.tiering = { ...e.tiering, [field]: v };
                  })
                }
                options={values.map((v) => ({ value: v, label: t(`rules.${labels}.${v}`) }))}
                data-testid={`rules-${field}`}
              />
            </Form.Item>
          </Col>
        ))}
        <Col xs={24}>
          <Checkbox
            checked={engine.tiering.refill !== false}
            onChange={(ev) =>
              update((e) => {
                e.tiering = { ...e.tiering, refill: ev.target.checked };
              })
            }
          >
            {t('rules.refill')}
          </Checkbox>
        </Col>
      </Row>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('rules.tieBreakers')}
      </Typography.Title>
      <TieBreakers
        rows={engine.tiering.tieBreakers ?? []}
        readOnly={readOnly}
        onChange={(rows) =>
          update((e) => {
            e.tiering = { ...e.tiering, tieBreakers: rows.length ? rows : undefined };
          })
        }
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('rules.eligibility')}
      </Typography.Title>
      <EligibilityRules engine={engine} readOnly={readOnly} update={update} />
    </Section>
  );
}
