import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Num } from '../fields';
import type { DeductionAmount } from '../model';
import { LEVELS } from './shared';

/** The amount kinds the rules editor offers (the engine's others — rankPlaces, assessor — are shown, not edited here). */
export const EDITABLE_AMOUNT_KINDS = [
  'perLevel',
  'fixed',
  'fromRecord',
  'lights',
] as const satisfies readonly DeductionAmount['kind'][];
export type EditableAmountKind = (typeof EDITABLE_AMOUNT_KINDS)[number];

/** A new amount of the given kind, with the county's usual figures. */
export function defaultAmount(kind: EditableAmountKind): DeductionAmount {
  switch (kind) {
    case 'perLevel':
      return { kind, levels: { provincial: 1.5, city: 1, county: 0.5 } };
    case 'fixed':
      return { kind, points: 1 };
    case 'fromRecord':
      return { kind, factor: 1 };
    case 'lights':
      return { kind, yellow: { every: 2, points: 1 }, red: { every: 1, points: 2 } };
  }
}

/** The amount cell of a deduction rule: the fields of its amount kind. */
export function DeductionAmountField({
  amount: a,
  onChange,
}: {
  amount: DeductionAmount;
  onChange: (a: DeductionAmount) => void;
}) {
  const { t } = useTranslation();
  if (a.kind === 'fixed')
    return <Num value={a.points} onChange={(v) => onChange({ kind: 'fixed', points: v ?? 0 })} min={0} width={90} />;
  if (a.kind === 'fromRecord')
    return (
      <Space size={4}>
        {t('rules.factor')}
        <Num
          value={a.factor}
          onChange={(v) => onChange({ kind: 'fromRecord', factor: v })}
          min={0}
          step={0.05}
          width={80}
        />
      </Space>
    );
  if (a.kind === 'perLevel')
    return (
      <Space size={4} wrap>
        {LEVELS.map((l) => (
          <Space key={l} size={2}>
            <span className="ys-muted">{t(`rules.levels.${l}`)}</span>
            <Num
              value={a.levels[l]}
              onChange={(v) => {
                const levels = { ...a.levels };
                if (v === undefined) delete levels[l];
                else levels[l] = v;
                onChange({ kind: 'perLevel', levels });
              }}
              min={0}
              step={0.5}
              width={64}
            />
          </Space>
        ))}
      </Space>
    );
  // A kind this editor does not offer (rankPlaces, assessor): shown as it is, kept as it is.
  if (a.kind !== 'lights') return <span className="ys-mono">{a.kind}</span>;
  const light = (c: 'yellow' | 'red') => (
    <Space size={2}>
      <Tag color={c === 'yellow' ? 'gold' : 'red'}>{t(`rules.${c}Every`)}</Tag>
      <Num
        value={a[c]?.every}
        onChange={(v) =>
          onChange({
            ...a,
            [c]: v === undefined ? undefined : { points: a[c]?.points ?? 1, every: v },
          })
        }
        min={1}
        width={56}
      />
      <span className="ys-muted">{t(`rules.${c}Points`)}</span>
      <Num
        value={a[c]?.points}
        onChange={(v) => onChange({ ...a, [c]: { every: a[c]?.every ?? 1, points: v ?? 0 } })}
        min={0}
        step={0.5}
        width={64}
      />
    </Space>
  );
  return (
    <Space direction="vertical" size={4}>
      {light('yellow')}
      {light('red')}
    </Space>
  );
}
