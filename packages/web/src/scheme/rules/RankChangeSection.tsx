import { Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { Num, RowsEditor } from '../fields';
import type { RankChangeRule } from '../model';
import { Section, idCol, type RuleSectionProps } from './shared';

/** 进位争先: points for places gained, measured on the preliminary ranking or a dataset. */
export function RankChangeSection({ engine, readOnly, update }: RuleSectionProps) {
  const { t } = useTranslation();
  const bonus = engine.bonus ?? {};
  return (
    <Section id="rankChange" title={t('rules.rankChange')} help={t('rules.rankChangeHelp')}>
      <Form.Item label={t('rules.rankSource')} style={{ maxWidth: 320 }}>
        <Select
          value={bonus.rankChange?.source ?? 'preliminary'}
          onChange={(v) =>
            update((e) => {
              e.bonus = {
                ...(e.bonus ?? {}),
                rankChange: { rules: [], ...(e.bonus?.rankChange ?? {}), source: v },
              };
            })
          }
          options={(['preliminary', 'dataset'] as const).map((s) => ({
            value: s,
            label: t(`rules.rankSources.${s}`),
          }))}
        />
      </Form.Item>
      <RowsEditor<RankChangeRule>
        rows={bonus.rankChange?.rules ?? []}
        disabled={readOnly}
        onChange={(rows) =>
          update((e) => {
            const rc = e.bonus?.rankChange;
            e.bonus = {
              ...(e.bonus ?? {}),
              rankChange: rows.length ? { ...(rc ?? {}), rules: rows } : undefined,
            };
          })
        }
        newRow={() => ({ id: `rank${(bonus.rankChange?.rules.length ?? 0) + 1}`, places: 1, points: 0.5 })}
        columns={[
          idCol<RankChangeRule>(t),
          {
            key: 'places',
            title: t('rules.places'),
            render: (r, s) => <Num value={r.places} onChange={(v) => s({ places: v ?? 1 })} step={1} width={110} />,
          },
          {
            key: 'points',
            title: t('rules.points'),
            render: (r, s) => <Num value={r.points} onChange={(v) => s({ points: v ?? 0 })} step={0.5} width={90} />,
          },
        ]}
      />
    </Section>
  );
}
