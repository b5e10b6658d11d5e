import { Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Num, RowsEditor } from '../fields';
import type { VetoRule } from '../model';
import { Section, idCol, nameAndProviderCol, type RuleSectionProps } from './shared';

/** 一票否决: the veto rules and what each does to the unit's tier or score. */
export function VetoesSection({ engine, readOnly, update, departments }: RuleSectionProps) {
  const { t } = useTranslation();
  return (
    <Section id="vetoes" title={t('rules.vetoes')} help={t('rules.vetoesHelp')}>
      <RowsEditor<VetoRule>
        rows={engine.vetoes ?? []}
        disabled={readOnly}
        testId="rules-vetoes"
        onChange={(rows) =>
          update((e) => {
            e.vetoes = rows;
          })
        }
        newRow={() => ({ id: `veto${(engine.vetoes?.length ?? 0) + 1}`, effect: { kind: 'lowestTier' } })}
        columns={[
          idCol<VetoRule>(t),
          nameAndProviderCol<VetoRule>(t, departments, 'rules-vetoes'),
          {
            key: 'effect',
            title: t('rules.effect'),
            render: (r, s) => (
              <Select
                value={r.effect.kind}
                style={{ width: 180 }}
                onChange={(k) =>
                  s({
                    effect:
                      k === 'barTopTiers'
                        ? { kind: k, n: 1 }
                        : k === 'fixedDeduction'
                          ? { kind: k, points: 10 }
                          : { kind: 'lowestTier' },
                  })
                }
                options={(['lowestTier', 'barTopTiers', 'fixedDeduction'] as const).map((k) => ({
                  value: k,
                  label: t(`rules.effects.${k}`),
                }))}
              />
            ),
          },
          {
            key: 'param',
            title: '',
            render: (r, s) =>
              r.effect.kind === 'barTopTiers' ? (
                <Space size={4}>
                  {t('rules.effectN')}
                  <Num
                    value={r.effect.n}
                    onChange={(v) => s({ effect: { kind: 'barTopTiers', n: v ?? 1 } })}
                    min={1}
                    width={64}
                  />
                </Space>
              ) : r.effect.kind === 'fixedDeduction' ? (
                <Space size={4}>
                  {t('rules.effectPoints')}
                  <Num
                    value={r.effect.points}
                    onChange={(v) => s({ effect: { kind: 'fixedDeduction', points: v ?? 0 } })}
                    min={0}
                    width={80}
                  />
                </Space>
              ) : null,
          },
        ]}
      />
    </Section>
  );
}
