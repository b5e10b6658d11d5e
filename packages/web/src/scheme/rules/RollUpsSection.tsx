import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { RowsEditor } from '../fields';
import { leafIndicators, leafOptions } from '../flags';
import type { Option } from '../IndicatorPanel';
import type { EngineScheme } from '../model';
import { Section, idCol, nameCol, type RuleSectionProps } from './shared';

type RollUp = NonNullable<EngineScheme['rollUps']>[number];

/**
 * 数据归并: a sub-unit's figures (a development park's output, investment, tax) counted in the unit it belongs to
 * before that unit is scored; the sub-unit keeps its own score. Only amounts add up — never rates.
 */
export function RollUpsSection({
  engine,
  readOnly,
  update,
  unitsOfGroup,
}: RuleSectionProps & { unitsOfGroup: (groupId: string) => Option[] }) {
  const { t } = useTranslation();
  // the units of the scheme's groups, each once
  const seenUnit = new Set<string>();
  const units = engine.groups
    .flatMap((g) => unitsOfGroup(g.id))
    .filter((u) => !seenUnit.has(u.value) && seenUnit.add(u.value));
  const seen = new Set<string>();
  const leaves = leafIndicators([...(engine.blocks ?? []), ...engine.groups.flatMap((g) => g.blocks ?? [])]).filter(
    (l) => !seen.has(l.id) && seen.add(l.id),
  );
  const unitSelect = (value: string, onChange: (v: string) => void, testId: string) => (
    <Select
      showSearch
      optionFilterProp="label"
      value={value || undefined}
      onChange={onChange}
      options={units}
      placeholder={t('rules.rollUps.pickUnit')}
      style={{ minWidth: 170 }}
      data-testid={testId}
    />
  );
  return (
    <Section id="rollUps" title={t('rules.rollUps.title')} help={t('rules.rollUps.help')}>
      <RowsEditor<RollUp>
        rows={engine.rollUps ?? []}
        disabled={readOnly}
        testId="rules-rollups"
        onChange={(rows) =>
          update((e) => {
            e.rollUps = rows;
          })
        }
        newRow={() => ({ id: `rollup${(engine.rollUps?.length ?? 0) + 1}`, from: '', into: '', indicators: [] })}
        columns={[
          idCol<RollUp>(t),
          nameCol<RollUp>(t),
          {
            key: 'from',
            title: t('rules.rollUps.from'),
            render: (r, s, i) => unitSelect(r.from, (v) => s({ from: v }), `rules-rollup-from-${i}`),
          },
          {
            key: 'into',
            title: t('rules.rollUps.into'),
            render: (r, s, i) => unitSelect(r.into, (v) => s({ into: v }), `rules-rollup-into-${i}`),
          },
          {
            key: 'indicators',
            title: t('rules.rollUps.indicators'),
            render: (r, s, i) => (
              <Select
                mode="multiple"
                value={r.indicators}
                onChange={(v: string[]) => s({ indicators: v })}
                options={leafOptions(leaves)}
                optionFilterProp="label"
                style={{ minWidth: 220 }}
                data-testid={`rules-rollup-indicators-${i}`}
              />
            ),
          },
        ]}
      />
    </Section>
  );
}
