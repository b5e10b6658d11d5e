import { Form, Space, Switch, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Num, RowsEditor } from '../fields';
import type { BonusCategory } from '../model';
import { ExtraLevelsField } from './ExtraLevelsField';
import { LEVELS, Section, idCol, nameAndProviderCol, type RuleSectionProps } from './shared';

/** 加分: the bonus cap and the bonus categories, priced per record level. */
export function BonusSection({ engine, readOnly, update, departments }: RuleSectionProps) {
  const { t } = useTranslation();
  const bonus = engine.bonus ?? {};
  const categories = bonus.categories ?? [];
  const levelCols = LEVELS.map((l) => ({
    key: l,
    title: t(`rules.levels.${l}`),
    render: (r: BonusCategory, s: (p: Partial<BonusCategory>) => void) => (
      <Num
        value={r.levels?.[l]}
        onChange={(v) => {
          const levels = { ...(r.levels ?? {}) };
          if (v === undefined) delete levels[l];
          else levels[l] = v;
          s({ levels });
        }}
        min={0}
        step={0.5}
        width={76}
      />
    ),
  }));
  return (
    <Section id="bonus" title={t('rules.bonus')} help={t('rules.bonusHelp')}>
      <Form.Item label={t('rules.bonusCap')} style={{ maxWidth: 200 }}>
        <Num
          value={bonus.cap}
          onChange={(v) =>
            update((e) => {
              e.bonus = { ...(e.bonus ?? {}), cap: v };
            })
          }
          min={0}
          testId="rules-bonus-cap"
        />
      </Form.Item>
      <RowsEditor<BonusCategory>
        rows={categories}
        disabled={readOnly}
        testId="rules-bonus-categories"
        onChange={(rows) =>
          update((e) => {
            e.bonus = { ...(e.bonus ?? {}), categories: rows };
          })
        }
        newRow={() => ({
          id: `bonus${categories.length + 1}`,
          levels: {},
          inTotalCap: true,
          highestOnly: true,
        })}
        columns={[
          idCol<BonusCategory>(t),
          nameAndProviderCol<BonusCategory>(t, departments, 'rules-bonus-categories'),
          ...levelCols,
          {
            key: 'extraLevels',
            title: t('rules.extraLevels'),
            render: (r, s, i) => (
              <ExtraLevelsField
                levels={r.levels}
                levelNames={r.levelNames}
                onChange={(next) => s({ levels: next.levels, levelNames: next.levelNames })}
                testId={`rules-bonus-levels-${i}`}
              />
            ),
          },
          {
            key: 'cap',
            title: t('rules.cap'),
            render: (r, s) => <Num value={r.cap} onChange={(v) => s({ cap: v })} min={0} width={76} />,
          },
          {
            key: 'potential',
            title: t('rules.potential'),
            render: (r, s) => (
              <Space size={4}>
                <Switch size="small" checked={r.inTotalCap === false} onChange={(v) => s({ inTotalCap: !v })} />
                {r.inTotalCap === false && <Tag color="purple">{t('rules.potentialTag')}</Tag>}
              </Space>
            ),
          },
          {
            key: 'highestOnly',
            title: t('rules.highestOnly'),
            render: (r, s) => (
              <Switch size="small" checked={r.highestOnly !== false} onChange={(v) => s({ highestOnly: v })} />
            ),
          },
        ]}
      />
    </Section>
  );
}
