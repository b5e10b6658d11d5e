import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { Num, RowsEditor, Text } from '../fields';
import type { EligibilityRule } from '../model';
import { idCol, tierOptions, type RuleSectionProps } from './shared';

/** 评等资格: conditions a unit must meet to be placed in a tier (shown within the tiering section). */
export function EligibilityRules({ engine, readOnly, update }: RuleSectionProps) {
  const { t } = useTranslation();
  const tiers = engine.tiering.tiers;
  return (
    <RowsEditor<EligibilityRule>
      rows={engine.tiering.eligibility ?? []}
      disabled={readOnly}
      onChange={(rows) =>
        update((e) => {
          e.tiering = { ...e.tiering, eligibility: rows };
        })
      }
      newRow={() => ({
        id: `elig${(engine.tiering.eligibility?.length ?? 0) + 1}`,
        tier: tiers[0]?.id ?? '',
        kind: 'noRedLight',
      })}
      columns={[
        idCol<EligibilityRule>(t),
        {
          key: 'tier',
          title: t('rules.tier'),
          render: (r, s) => (
            <Select
              value={r.tier}
              onChange={(v) => s({ tier: v })}
              options={tierOptions(engine)}
              style={{ width: 130 }}
            />
          ),
        },
        {
          key: 'kind',
          title: t('rules.condition'),
          render: (r, s) => (
            <Select
              value={r.kind}
              onChange={(v) => s({ kind: v })}
              style={{ width: 170 }}
              options={(['noRedLight', 'noVeto', 'noFlag', 'noDeduction', 'minIndicatorFraction'] as const).map(
                (k) => ({
                  value: k,
                  label: t(`rules.eligibilityKinds.${k}`),
                }),
              )}
            />
          ),
        },
        {
          key: 'ref',
          title: t('rules.ref'),
          render: (r, s) => <Text value={r.ref} onChange={(v) => s({ ref: v })} />,
        },
        {
          key: 'min',
          title: t('rules.min'),
          render: (r, s) => (
            <Num value={r.min} onChange={(v) => s({ min: v })} min={0} max={1} step={0.05} width={76} />
          ),
        },
      ]}
    />
  );
}
