import { Input, Select, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Num, RowsEditor } from '../fields';
import { Section, idCol, tierOptions, type RuleSectionProps } from './shared';

type ConsecutiveRule = { id: string; tiers: string[]; years: number; action: string };

/** 结果运用: each tier's coefficient at a glance, and the consequences of the same tier in consecutive years. */
export function ResultsUseSection({ engine, readOnly, update }: RuleSectionProps) {
  const { t } = useTranslation();
  const tiers = engine.tiering.tiers;
  return (
    <Section id="resultsUse" title={t('rules.resultsUse')} help={t('rules.resultsUseHelp')}>
      <Space wrap style={{ marginBottom: 12 }}>
        {tiers.map((x) => (
          <Tag key={x.id} color={x.award ? 'green' : 'default'}>
            {x.name ?? x.id} × {x.coefficient ?? '—'}
          </Tag>
        ))}
      </Space>
      <RowsEditor
        rows={engine.resultsUse?.consecutive ?? []}
        disabled={readOnly}
        onChange={(rows) =>
          update((e) => {
            e.resultsUse = { consecutive: rows };
          })
        }
        newRow={() => ({
          id: `consec${(engine.resultsUse?.consecutive?.length ?? 0) + 1}`,
          tiers: tiers.slice(-1).map((x) => x.id),
          years: 2,
          action: '',
        })}
        columns={[
          idCol<ConsecutiveRule>(t),
          {
            key: 'tiers',
            title: t('rules.tier'),
            render: (r, s) => (
              <Select
                mode="multiple"
                value={r.tiers}
                onChange={(v: string[]) => s({ tiers: v })}
                options={tierOptions(engine)}
                style={{ minWidth: 150 }}
              />
            ),
          },
          {
            key: 'years',
            title: t('rules.years'),
            render: (r, s) => <Num value={r.years} onChange={(v) => s({ years: v ?? 2 })} min={2} width={70} />,
          },
          {
            key: 'action',
            title: t('rules.action'),
            render: (r, s) => (
              <Input value={r.action} onChange={(e) => s({ action: e.target.value })} style={{ minWidth: 160 }} />
            ),
          },
        ]}
      />
    </Section>
  );
}
