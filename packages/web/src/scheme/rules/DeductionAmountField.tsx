import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Num, Text } from '../fields';
import { inputOptions, leafOptions } from '../flags';
import type { DeductionAmount, Indicator } from '../model';
import {
  ASSESSOR_MEASURES,
  MEASURE_DISPLAY,
  amountIssues,
  assessorAmount,
  assessorFields,
  withMeasure,
  type AssessorAmount,
  type AssessorFields,
  type MeasuredAmount,
  type RankPlacesAmount,
} from './deductionAmount';
import { ExtraLevelsField } from './ExtraLevelsField';
import { LEVELS } from './shared';

/** The amount cell of a deduction rule: the fields of its amount kind. */
export function DeductionAmountField({
  amount,
  onChange,
  index,
  leaves,
}: {
  amount: DeductionAmount;
  onChange: (a: DeductionAmount) => void;
  /** The rule's row, for test ids. */
  index: number;
  /** The scheme's leaf indicators (a measured rule reads one). */
  leaves: readonly Indicator[];
}) {
  const { t } = useTranslation();
  const issues = amountIssues(amount);
  // one tree whether or not there are messages, so the field being typed in keeps its focus when one goes
  return (
    <>
      {amount.kind === 'measured' ? (
        <MeasuredFields amount={amount} onChange={onChange} index={index} leaves={leaves} />
      ) : (
        <AmountFields amount={amount} onChange={onChange} index={index} />
      )}
      {issues.length > 0 && (
        <div data-testid={`rules-deduction-issue-${index}`} style={{ marginTop: 4 }}>
          {issues.map(({ key, ...values }) => (
            <Typography.Text key={key} type="danger" style={{ fontSize: 12, display: 'block' }}>
              {t(`rules.amountIssues.${key}`, values)}
            </Typography.Text>
          ))}
        </div>
      )}
    </>
  );
}

function AmountFields({
  amount: a,
  onChange,
  index,
}: {
  amount: DeductionAmount;
  onChange: (a: DeductionAmount) => void;
  index: number;
}) {
  const { t } = useTranslation();
  if (a.kind === 'fixed')
    return (
      <Num
        value={a.points}
        onChange={(v) => onChange({ kind: 'fixed', points: v ?? 0 })}
        min={0}
        width={90}
        testId={`rules-deduction-points-${index}`}
      />
    );
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
                onChange({ ...a, levels });
              }}
              min={0}
              step={0.5}
              width={64}
            />
          </Space>
        ))}
        <ExtraLevelsField
          levels={a.levels}
          levelNames={a.levelNames}
          onChange={(next) => onChange({ kind: 'perLevel', ...next })}
          testId={`rules-deduction-levels-${index}`}
        />
      </Space>
    );
  if (a.kind === 'rankPlaces') return <RankPlacesFields amount={a} onChange={onChange} index={index} />;
  if (a.kind === 'assessor') return <AssessorAmountFields amount={a} onChange={onChange} index={index} />;
  if (a.kind === 'measured') return null;
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

/** `rankPlaces`: points per sub-unit per period in the bottom places of another ranking (the city's monthly one). */
function RankPlacesFields({
  amount: a,
  onChange,
  index,
}: {
  amount: RankPlacesAmount;
  onChange: (a: DeductionAmount) => void;
  index: number;
}) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <span className="ys-muted">{t('rules.rankPlaces.ranking')}</span>
      <Text
        value={a.ranking}
        onChange={(v) => onChange({ ...a, ranking: v ?? '' })}
        placeholder={t('rules.rankPlaces.rankingPlaceholder')}
        testId={`rules-deduction-ranking-${index}`}
      />
      <span className="ys-muted">{t('rules.rankPlaces.bottom')}</span>
      <Num
        value={a.bottom}
        onChange={(v) => onChange({ ...a, bottom: v ?? 1 })}
        min={1}
        step={1}
        width={64}
        testId={`rules-deduction-bottom-${index}`}
      />
      <span className="ys-muted">{t('rules.rankPlaces.points')}</span>
      <Num
        value={a.points}
        onChange={(v) => onChange({ ...a, points: v ?? 0 })}
        min={0}
        step={0.5}
        width={64}
        testId={`rules-deduction-points-${index}`}
      />
    </Space>
  );
}

/** `assessor` (R34): the unit, as an assessor, loses points when its measure is above and/or below a bound. */
function AssessorAmountFields({
  amount,
  onChange,
  index,
}: {
  amount: AssessorAmount;
  onChange: (a: DeductionAmount) => void;
  index: number;
}) {
  const { t } = useTranslation();
  const f = assessorFields(amount);
  const set = (patch: Partial<AssessorFields>) => onChange(assessorAmount({ ...f, ...patch }));
  const shown = MEASURE_DISPLAY[f.measure];
  const unit = shown.percent ? '%' : '';
  const bound = (side: 'above' | 'below') => (
    <Space size={2}>
      <span className="ys-muted">{t(`rules.assessor.${side}`)}</span>
      <Num
        value={f[side]}
        onChange={(v) => set({ [side]: v })}
        min={shown.min}
        max={shown.max}
        step={shown.percent ? 5 : 0.01}
        width={76}
        testId={`rules-deduction-${side}-${index}`}
      />
      {unit && <span className="ys-muted">{unit}</span>}
    </Space>
  );
  return (
    <Space direction="vertical" size={4}>
      <Space size={4} wrap>
        <span className="ys-muted">{t('rules.assessor.measure')}</span>
        <Select
          value={f.measure}
          onChange={(m) => onChange(assessorAmount(withMeasure(f, m)))}
          style={{ width: 170 }}
          options={ASSESSOR_MEASURES.map((m) => ({ value: m, label: t(`rules.assessor.measures.${m}`) }))}
          data-testid={`rules-deduction-measure-${index}`}
        />
        {bound('above')}
        {bound('below')}
      </Space>
      <Space size={4} wrap>
        <span className="ys-muted">{t('rules.assessor.minScores')}</span>
        <Num
          value={f.minScores}
          onChange={(v) => set({ minScores: v ?? 0 })}
          min={0}
          step={1}
          width={64}
          testId={`rules-deduction-minScores-${index}`}
        />
        <span className="ys-muted">{t('rules.assessor.points')}</span>
        <Num
          value={f.points}
          onChange={(v) => set({ points: v ?? 0 })}
          min={0}
          step={0.5}
          width={64}
          testId={`rules-deduction-points-${index}`}
        />
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t(`rules.assessor.measureHelp.${f.measure}`)} {t('rules.assessor.help')}
      </Typography.Text>
    </Space>
  );
}

/** `measured`: points off for a leaf's reported value (or a formula input) beyond thresholds, band by band. */
function MeasuredFields({
  amount: a,
  onChange,
  index,
  leaves,
}: {
  amount: MeasuredAmount;
  onChange: (a: DeductionAmount) => void;
  index: number;
  leaves: readonly Indicator[];
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<MeasuredAmount>) => onChange({ ...a, ...patch });
  const source = leaves.find((l) => l.id === a.indicator);
  const inputs = inputOptions(source);
  const setBand = (i: number, patch: Partial<MeasuredAmount['bands'][number]>) =>
    set({ bands: a.bands.map((b, k) => (k === i ? { ...b, ...patch } : b)) });
  return (
    <Space direction="vertical" size={4} data-testid={`rules-deduction-measured-${index}`}>
      <Space size={4} wrap>
        <span className="ys-muted">{t('rules.measured.indicator')}</span>
        <Select
          value={a.indicator || undefined}
          onChange={(v: string) => set({ indicator: v, input: undefined })}
          options={leafOptions(leaves)}
          showSearch
          optionFilterProp="label"
          style={{ width: 220 }}
          data-testid={`rules-deduction-indicator-${index}`}
        />
        {inputs.length > 0 && (
          <>
            <span className="ys-muted">{t('rules.measured.source')}</span>
            <Select
              value={a.input ?? ''}
              onChange={(v: string) => set({ input: v || undefined })}
              options={[
                { value: '', label: t('rules.measured.value') },
                ...inputs.map((name) => ({ value: name, label: t('rules.measured.input', { name }) })),
              ]}
              style={{ width: 140 }}
            />
          </>
        )}
      </Space>
      <Space size={4} wrap>
        <Select
          value={a.direction}
          onChange={(v: MeasuredAmount['direction']) => set({ direction: v })}
          options={(['below', 'above'] as const).map((d) => ({ value: d, label: t(`method.marginalDirections.${d}`) }))}
          style={{ width: 130 }}
        />
        <Select
          value={a.mode}
          onChange={(v: MeasuredAmount['mode']) => set({ mode: v })}
          options={(['marginal', 'flat'] as const).map((m) => ({ value: m, label: t(`method.marginalModes.${m}`) }))}
          style={{ width: 220 }}
          data-testid={`rules-deduction-mode-${index}`}
        />
      </Space>
      {a.bands.map((b, i) => (
        <Space key={i} size={4}>
          <span className="ys-muted">{t('rules.measured.thresholds')}</span>
          <Num
            value={b.from}
            onChange={(v) => setBand(i, { from: v ?? 0 })}
            width={76}
            testId={`rules-deduction-band-from-${index}-${i}`}
          />
          <span className="ys-muted">{t('rules.measured.rate')}</span>
          <Num
            value={b.rate}
            onChange={(v) => setBand(i, { rate: v ?? 0 })}
            min={0}
            step={0.05}
            width={70}
            testId={`rules-deduction-band-rate-${index}-${i}`}
          />
          <Button
            size="small"
            type="text"
            icon={<DeleteOutlined />}
            disabled={a.bands.length <= 1}
            onClick={() => set({ bands: a.bands.filter((_, k) => k !== i) })}
          />
        </Space>
      ))}
      <Space size={4} wrap>
        <Button
          size="small"
          type="dashed"
          icon={<PlusOutlined />}
          onClick={() => set({ bands: [...a.bands, { from: a.bands[a.bands.length - 1]?.from ?? 0, rate: 0 }] })}
        >
          {t('rules.measured.addBand')}
        </Button>
        <span className="ys-muted">{t('method.per')}</span>
        <Num value={a.per} onChange={(v) => set({ per: v })} min={0} step={0.5} width={64} />
        <Select
          value={a.count ?? 'proportional'}
          onChange={(v: MeasuredAmount['count']) => set({ count: v })}
          options={(['proportional', 'whole', 'started'] as const).map((c) => ({
            value: c,
            label: `${t('method.count')}：${t(`method.counts.${c}`)}`,
          }))}
          style={{ width: 250 }}
        />
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', maxWidth: 520, whiteSpace: 'normal' }}>
        {a.mode ? t(`method.marginalModeHelp.${a.mode}`) : null} {t('rules.measured.help')}
      </Typography.Text>
    </Space>
  );
}
