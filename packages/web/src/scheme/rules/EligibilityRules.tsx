import { Select } from 'antd';
import { ELIGIBILITY_KINDS } from '@yardstick/engine/enums';
import { useTranslation } from 'react-i18next';
import { flagOptions, leafIndicators, leafOptions, type Option } from '../flags';
import { Num, RowsEditor } from '../fields';
import type { EligibilityRule, EngineScheme } from '../model';
import { idCol, tierOptions, type RuleSectionProps } from './shared';

/** 评等资格: conditions a unit must meet to be placed in a tier (shown within the tiering section). */
export function EligibilityRules({ engine, readOnly, update }: Omit<RuleSectionProps, 'departments'>) {
  const { t } = useTranslation();
  const tiers = engine.tiering.tiers;
  return (
    <RowsEditor<EligibilityRule>
      rows={engine.tiering.eligibility ?? []}
      disabled={readOnly}
      testId="eligibility"
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
              options={ELIGIBILITY_KINDS.map((k) => ({ value: k, label: t(`rules.eligibilityKinds.${k}`) }))}
            />
          ),
        },
        {
          key: 'ref',
          title: t('rules.ref'),
          // only what the scheme has: a name that matches nothing would bar no one (the validator refuses it too)
          render: (r, s) => {
            const options = refOptions(engine, r.kind);
            if (options === null) return null;
            return (
              <Select
                allowClear={r.kind === 'noDeduction'}
                showSearch={{ optionFilterProp: 'label' }}
                value={r.ref}
                placeholder={r.kind === 'noDeduction' ? t('rules.anyDeduction') : undefined}
                status={r.ref !== undefined && !options.some((o) => o.value === r.ref) ? 'error' : undefined}
                onChange={(v?: string) => s({ ref: v })}
                options={options}
                style={{ width: 200 }}
                data-testid="eligibility-ref"
              />
            );
          },
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

/** The choices of an eligibility rule's reference by its kind (null: the kind names nothing). */
function refOptions(engine: EngineScheme, kind: EligibilityRule['kind']): Option[] | null {
  const blocks = [...(engine.blocks ?? []), ...engine.groups.flatMap((g) => g.blocks ?? [])];
  switch (kind) {
    case 'noFlag':
      return flagOptions(blocks);
    case 'noDeduction':
      return (engine.deductions ?? []).map((d) => ({ value: d.id, label: d.name || d.id }));
    case 'minIndicatorFraction': {
      const seen = new Set<string>();
      return leafOptions(leafIndicators(blocks).filter((l) => !seen.has(l.id) && seen.add(l.id)));
    }
    default:
      return null;
  }
}
