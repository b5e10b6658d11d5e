import { Select, Space, Typography } from 'antd';
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
  // the units of the scheme's groups, each once, and the group each is assessed in
  const groupOf = new Map<string, string>();
  const units: Option[] = [];
  for (const g of engine.groups)
    for (const u of unitsOfGroup(g.id))
      if (!groupOf.has(u.value)) {
        groupOf.set(u.value, g.id);
        units.push(u);
      }
  const leavesOf = (groupId: string | undefined) => {
    const g = engine.groups.find((x) => x.id === groupId);
    if (!g) return [];
    return leafIndicators(g.blocks ?? engine.blocks ?? []).filter((l) => !(g.exclude ?? []).includes(l.id));
  };
  const seen = new Set<string>();
  const allLeaves = leafIndicators([...(engine.blocks ?? []), ...engine.groups.flatMap((g) => g.blocks ?? [])]).filter(
    (l) => !seen.has(l.id) && seen.add(l.id),
  );
  /** What a row may add up: the leaves both its units' groups score (all leaves until a unit is chosen). */
  const leavesFor = (r: RollUp) => {
    const sides = [r.from, r.into]
      .filter((u) => u !== '')
      .map((u) => new Set(leavesOf(groupOf.get(u)).map((l) => l.id)));
    return allLeaves.filter((l) => sides.every((ids) => ids.has(l.id)) || r.indicators.includes(l.id));
  };
  const unitSelect = (value: string, onChange: (v: string) => void, testId: string) => (
    <Select
      showSearch
      optionFilterProp="label"
      value={value || undefined}
      onChange={onChange}
      options={units}
      placeholder={t('rules.rollUps.pickUnit')}
      style={{ width: 150 }}
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
            render: (r, s, i) => (
              <Space direction="vertical" size={2}>
                {unitSelect(r.into, (v) => s({ into: v }), `rules-rollup-into-${i}`)}
                {r.from !== '' && r.from === r.into && (
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    {t('rules.rollUps.sameUnit')}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            key: 'indicators',
            title: t('rules.rollUps.indicators'),
            render: (r, s, i) => (
              <Select
                mode="multiple"
                value={r.indicators}
                onChange={(v: string[]) => s({ indicators: v })}
                options={leafOptions(leavesFor(r))}
                optionFilterProp="label"
                maxTagCount="responsive"
                style={{ width: 220 }}
                data-testid={`rules-rollup-indicators-${i}`}
              />
            ),
          },
        ]}
      />
    </Section>
  );
}
