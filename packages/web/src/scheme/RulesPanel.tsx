import type { ReactNode } from 'react';
import { Anchor, Card, Checkbox, Col, Form, Grid, Input, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Num, RowsEditor, Text } from './fields';
import type {
  BonusCategory,
  DeductionAmount,
  DeductionRule,
  EligibilityRule,
  EngineScheme,
  RaterGroup,
  RankChangeRule,
  Tier,
  Tiering,
  VetoRule,
} from './model';

const LEVELS = ['national', 'provincial', 'city', 'county'] as const;

function Section({
  title,
  help,
  id,
  children,
}: {
  title: ReactNode;
  help?: ReactNode;
  id: string;
  children: ReactNode;
}) {
  return (
    <Card size="small" title={title} className="ys-rule-card" id={`rules-${id}`} data-testid={`rules-${id}`}>
      {help && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {help}
        </Typography.Paragraph>
      )}
      {children}
    </Card>
  );
}

/** The amount kinds the rules editor offers (the engine's others — rankPlaces, assessor — are shown, not edited here). */
const EDITABLE_AMOUNT_KINDS = [
  'perLevel',
  'fixed',
  'fromRecord',
  'lights',
] as const satisfies readonly DeductionAmount['kind'][];
type EditableAmountKind = (typeof EDITABLE_AMOUNT_KINDS)[number];

function defaultAmount(kind: EditableAmountKind): DeductionAmount {
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

const SECTIONS = [
  'bonus',
  'rankChange',
  'deductions',
  'vetoes',
  'discipline',
  'composite',
  'evaluation',
  'tiering',
  'resultsUse',
  'precision',
] as const;
const SECTION_TITLES: Record<(typeof SECTIONS)[number], string> = {
  bonus: 'rules.bonus',
  rankChange: 'rules.rankChange',
  deductions: 'rules.deductions',
  vetoes: 'rules.vetoes',
  discipline: 'rules.discipline',
  composite: 'rules.composite',
  evaluation: 'rules.evaluation',
  tiering: 'rules.tiering',
  resultsUse: 'rules.resultsUse',
  precision: 'rules.precision',
};

const TIE_BREAKER_KINDS = [
  'indicatorTotal',
  'evaluation',
  'raterGroup',
  'block',
  'indicator',
  'keyWork',
] as const satisfies readonly TieBreaker['kind'][];
type TieBreaker = NonNullable<Tiering['tieBreakers']>[number];

function TieBreakers({
  rows,
  onChange,
  readOnly,
}: {
  rows: TieBreaker[];
  onChange: (rows: TieBreaker[]) => void;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  return (
    <RowsEditor<TieBreaker>
      rows={rows}
      disabled={readOnly}
      onChange={onChange}
      newRow={() => ({ kind: 'indicatorTotal' })}
      columns={[
        {
          key: 'kind',
          title: t('rules.condition'),
          render: (r, s) => (
            <Select
              value={r.kind}
              onChange={(v: TieBreaker['kind']) => s({ kind: v, id: undefined })}
              style={{ width: 220 }}
              options={TIE_BREAKER_KINDS.map((k) => ({ value: k, label: t(`rules.tieBreakerKinds.${k}`) }))}
            />
          ),
        },
        {
          key: 'id',
          title: t('rules.ref'),
          render: (r, s) =>
            ['raterGroup', 'block', 'indicator'].includes(r.kind) ? (
              <Text value={r.id} onChange={(v) => s({ id: v })} />
            ) : null,
        },
      ]}
    />
  );
}

/** Every scheme-wide rule: bonus, rank change, deductions, vetoes, discipline, composite, evaluation, tiers, results use. */
export function RulesPanel({
  engine,
  readOnly,
  groupName,
  update,
}: {
  engine: EngineScheme;
  readOnly: boolean;
  groupName: (id: string) => string;
  update: (fn: (e: EngineScheme) => void) => void;
}) {
  const { t } = useTranslation();
  const wide = Grid.useBreakpoint().xl === true;
  const bonus = engine.bonus ?? {};
  const categories = bonus.categories ?? [];
  const tiers = engine.tiering.tiers;
  const tierOptions = tiers.map((x) => ({ value: x.id, label: x.name ? `${x.name}（${x.id}）` : x.id }));
  const groupOptions = engine.groups.map((g) => ({ value: g.id, label: g.name ?? groupName(g.id) }));
  const ruleOptions = (engine.deductions ?? []).map((d) => ({ value: d.id, label: d.name ?? d.id }));
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
  const idCol = <T extends { id: string }>() => ({
    key: 'id',
    title: t('rules.id'),
    render: (r: T, s: (p: Partial<T>) => void) => (
      <Input
        value={r.id}
        onChange={(e) => s({ id: e.target.value } as Partial<T>)}
        style={{ width: 140 }}
        className="ys-mono"
      />
    ),
  });
  const nameCol = <T extends { name?: string }>() => ({
    key: 'name',
    title: t('rules.name'),
    render: (r: T, s: (p: Partial<T>) => void) => (
      <Input
        value={r.name ?? ''}
        onChange={(e) => s({ name: e.target.value || undefined } as Partial<T>)}
        style={{ minWidth: 140 }}
      />
    ),
  });

  return (
    <Row gutter={16} wrap={false}>
      <Col flex="auto" style={{ minWidth: 0 }}>
        <Form layout="vertical" disabled={readOnly} className="ys-rules" data-testid="rules-panel">
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
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
                  idCol<BonusCategory>(),
                  nameCol<BonusCategory>(),
                  ...levelCols,
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
                  idCol<RankChangeRule>(),
                  {
                    key: 'places',
                    title: t('rules.places'),
                    render: (r, s) => (
                      <Num value={r.places} onChange={(v) => s({ places: v ?? 1 })} step={1} width={110} />
                    ),
                  },
                  {
                    key: 'points',
                    title: t('rules.points'),
                    render: (r, s) => (
                      <Num value={r.points} onChange={(v) => s({ points: v ?? 0 })} step={0.5} width={90} />
                    ),
                  },
                ]}
              />
            </Section>

            <Section id="deductions" title={t('rules.deductions')} help={t('rules.deductionsHelp')}>
              <RowsEditor<DeductionRule>
                rows={engine.deductions ?? []}
                disabled={readOnly}
                testId="rules-deductions"
                onChange={(rows) =>
                  update((e) => {
                    e.deductions = rows;
                  })
                }
                newRow={() => ({ id: `deduct${(engine.deductions?.length ?? 0) + 1}`, amount: defaultAmount('fixed') })}
                columns={[
                  idCol<DeductionRule>(),
                  nameCol<DeductionRule>(),
                  {
                    key: 'kind',
                    title: t('rules.amountKind'),
                    render: (r, s) => (
                      <Select
                        value={r.amount.kind}
                        onChange={(k: DeductionAmount['kind']) =>
                          k !== 'rankPlaces' && k !== 'assessor' && s({ amount: defaultAmount(k) })
                        }
                        style={{ width: 140 }}
                        options={EDITABLE_AMOUNT_KINDS.map((k) => ({
                          value: k,
                          label: t(`rules.amountKinds.${k}`),
                        }))}
                      />
                    ),
                  },
                  {
                    key: 'amount',
                    title: t('rules.amount'),
                    render: (r, s) => {
                      const a = r.amount;
                      if (a.kind === 'fixed')
                        return (
                          <Num
                            value={a.points}
                            onChange={(v) => s({ amount: { kind: 'fixed', points: v ?? 0 } })}
                            min={0}
                            width={90}
                          />
                        );
                      if (a.kind === 'fromRecord')
                        return (
                          <Space size={4}>
                            {t('rules.factor')}
                            <Num
                              value={a.factor}
                              onChange={(v) => s({ amount: { kind: 'fromRecord', factor: v } })}
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
                                    s({ amount: { kind: 'perLevel', levels } });
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
                              s({
                                amount: {
                                  ...a,
                                  [c]: v === undefined ? undefined : { points: a[c]?.points ?? 1, every: v },
                                },
                              })
                            }
                            min={1}
                            width={56}
                          />
                          <span className="ys-muted">{t(`rules.${c}Points`)}</span>
                          <Num
                            value={a[c]?.points}
                            onChange={(v) => s({ amount: { ...a, [c]: { every: a[c]?.every ?? 1, points: v ?? 0 } } })}
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
                    },
                  },
                  {
                    key: 'repeat',
                    title: t('method.repeatMultiplier'),
                    render: (r, s) => (
                      <Num
                        value={r.repeatMultiplier}
                        onChange={(v) => s({ repeatMultiplier: v })}
                        min={0}
                        step={0.5}
                        width={76}
                      />
                    ),
                  },
                  {
                    key: 'limit',
                    title: t('rules.limit'),
                    render: (r, s) => <Num value={r.limit} onChange={(v) => s({ limit: v })} min={0} width={76} />,
                  },
                ]}
              />
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('rules.deductionCaps')}
              </Typography.Title>
              <RowsEditor
                rows={engine.deductionCaps ?? []}
                disabled={readOnly}
                onChange={(rows) =>
                  update((e) => {
                    e.deductionCaps = rows;
                  })
                }
                newRow={() => ({ id: `cap${(engine.deductionCaps?.length ?? 0) + 1}`, rules: [], limit: 5 })}
                columns={[
                  idCol<{ id: string; rules: string[]; limit: number }>(),
                  {
                    key: 'rules',
                    title: t('rules.capRules'),
                    render: (r, s) => (
                      <Select
                        mode="multiple"
                        value={r.rules}
                        onChange={(v: string[]) => s({ rules: v })}
                        options={ruleOptions}
                        style={{ minWidth: 220 }}
                      />
                    ),
                  },
                  {
                    key: 'limit',
                    title: t('rules.limit'),
                    render: (r, s) => <Num value={r.limit} onChange={(v) => s({ limit: v ?? 0 })} min={0} width={80} />,
                  },
                ]}
              />
            </Section>

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
                  idCol<VetoRule>(),
                  nameCol<VetoRule>(),
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

            <Section id="discipline" title={t('rules.discipline')}>
              <Form.Item label={t('rules.disciplineSteps')} style={{ maxWidth: 320, marginBottom: 0 }}>
                <Num
                  value={engine.discipline?.steps ?? 1}
                  onChange={(v) =>
                    update((e) => {
                      e.discipline = { steps: v ?? 1 };
                    })
                  }
                  min={1}
                  max={5}
                  width={120}
                />
              </Form.Item>
            </Section>

            <Section id="composite" title={t('rules.composite')} help={t('rules.compositeHelp')}>
              <Row gutter={[16, 8]}>
                {engine.groups.map((g, gi) => (
                  <Col xs={24} md={12} xl={6} key={g.id}>
                    <div style={{ fontWeight: 500, marginBottom: 4 }}>{g.name ?? groupName(g.id)}</div>
                    <Space>
                      <span className="ys-muted">a</span>
                      <Num
                        value={g.composite?.a ?? 1}
                        onChange={(v) =>
                          update((e) => {
                            const a = v ?? 0;
                            const grp = e.groups[gi];
                            if (grp) grp.composite = { a, b: Math.round((1 - a) * 1e6) / 1e6 };
                          })
                        }
                        min={0}
                        max={1}
                        step={0.05}
                        width={90}
                        testId={`rules-composite-a-${g.id}`}
                      />
                      <span className="ys-muted">b</span>
                      <Num
                        value={g.composite?.b ?? 0}
                        onChange={(v) =>
                          update((e) => {
                            const b = v ?? 0;
                            const grp = e.groups[gi];
                            if (grp) grp.composite = { a: Math.round((1 - b) * 1e6) / 1e6, b };
                          })
                        }
                        min={0}
                        max={1}
                        step={0.05}
                        width={90}
                      />
                    </Space>
                  </Col>
                ))}
              </Row>
            </Section>

            <Section id="evaluation" title={t('rules.evaluation')}>
              <Row gutter={16}>
                <Col xs={24} md={8}>
                  <Form.Item label={t('rules.trimAbove')}>
                    <Num
                      value={engine.evaluation?.trimAbove}
                      onChange={(v) =>
                        update((e) => {
                          e.evaluation = { raterGroups: [], ...(e.evaluation ?? {}), trimAbove: v };
                        })
                      }
                      min={0}
                      width={120}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={16}>
                  <Form.Item label=" ">
                    <Checkbox
                      checked={engine.evaluation?.invalidateUniform !== false}
                      onChange={(ev) =>
                        update((e) => {
                          e.evaluation = {
                            raterGroups: [],
                            ...(e.evaluation ?? {}),
                            invalidateUniform: ev.target.checked,
                          };
                        })
                      }
                    >
                      {t('rules.invalidateUniform')}
                    </Checkbox>
                  </Form.Item>
                </Col>
              </Row>
              <Typography.Title level={5}>{t('rules.raterGroups')}</Typography.Title>
              <RowsEditor<RaterGroup>
                rows={engine.evaluation?.raterGroups ?? []}
                disabled={readOnly}
                testId="rules-raters"
                onChange={(rows) =>
                  update((e) => {
                    e.evaluation = rows.length ? { ...(e.evaluation ?? {}), raterGroups: rows } : undefined;
                  })
                }
                newRow={() => ({
                  id: `raters${(engine.evaluation?.raterGroups.length ?? 0) + 1}`,
                  weight: 0.5,
                  form: 'scale',
                  min: 0,
                  max: 100,
                })}
                columns={[
                  idCol<RaterGroup>(),
                  nameCol<RaterGroup>(),
                  {
                    key: 'weight',
                    title: t('rules.weight'),
                    render: (r, s) => (
                      <Num value={r.weight} onChange={(v) => s({ weight: v ?? 0 })} min={0} step={0.1} width={76} />
                    ),
                  },
                  {
                    key: 'form',
                    title: t('rules.form'),
                    render: (r, s) => (
                      <Select
                        value={r.form}
                        onChange={(f) =>
                          s(
                            f === 'options'
                              ? { form: f, options: r.options ?? { 满意: 100, 基本满意: 70, 不满意: 30, 不了解: null } }
                              : { form: f },
                          )
                        }
                        style={{ width: 130 }}
                        options={(['scale', 'options', 'ranking'] as const).map((f) => ({
                          value: f,
                          label: t(`rules.forms.${f}`),
                        }))}
                      />
                    ),
                  },
                  {
                    key: 'detail',
                    title: t('rules.options'),
                    render: (r, s) =>
                      r.form === 'options' ? (
                        <Input
                          key={JSON.stringify(r.options)}
                          defaultValue={Object.entries(r.options ?? {})
                            .map(([k, v]) => `${k}=${v ?? ''}`)
                            .join('，')}
                          style={{ minWidth: 240 }}
                          onBlur={(ev) => {
                            const opts: Record<string, number | null> = {};
                            for (const part of ev.target.value.split(/[,，;；]/)) {
                              const [k, v] = part.split('=').map((x) => x.trim());
                              if (k) opts[k] = v === undefined || v === '' ? null : Number(v);
                            }
                            s({ options: opts });
                          }}
                        />
                      ) : r.form === 'scale' ? (
                        <Space size={4}>
                          <Num value={r.min} onChange={(v) => s({ min: v })} width={70} />–
                          <Num value={r.max} onChange={(v) => s({ max: v })} width={70} />
                        </Space>
                      ) : (
                        <Space size={4}>
                          <Num value={r.rankBase} onChange={(v) => s({ rankBase: v })} width={70} />
                          <span className="ys-muted">−</span>
                          <Num value={r.rankStep} onChange={(v) => s({ rankStep: v })} width={60} />
                          <Select
                            value={r.rankStepUnit ?? 'percent'}
                            onChange={(v) => s({ rankStepUnit: v })}
                            style={{ width: 100 }}
                            options={(['percent', 'points'] as const).map((u) => ({
                              value: u,
                              label: t(`method.stepUnits.${u}`),
                            }))}
                          />
                        </Space>
                      ),
                  },
                  {
                    key: 'unitGroups',
                    title: t('rules.unitGroups'),
                    render: (r, s) => (
                      <Select
                        mode="multiple"
                        allowClear
                        value={r.unitGroups ?? []}
                        onChange={(v: string[]) => s({ unitGroups: v.length ? v : undefined })}
                        options={groupOptions}
                        style={{ minWidth: 160 }}
                        placeholder={t('common.all')}
                      />
                    ),
                  },
                ]}
              />
            </Section>

            <Section id="tiering" title={t('rules.tiering')}>
              <RowsEditor<Tier>
                rows={tiers}
                disabled={readOnly}
                testId="rules-tiers"
                onChange={(rows) =>
                  update((e) => {
                    e.tiering = { ...e.tiering, tiers: rows };
                  })
                }
                newRow={() => ({ id: `tier${tiers.length + 1}` })}
                columns={[
                  idCol<Tier>(),
                  nameCol<Tier>(),
                  {
                    key: 'share',
                    title: t('rules.share'),
                    render: (r, s) => (
                      <Num value={r.share} onChange={(v) => s({ share: v })} min={0} max={1} step={0.05} width={76} />
                    ),
                  },
                  {
                    key: 'count',
                    title: t('rules.count'),
                    render: (r, s) => <Num value={r.count} onChange={(v) => s({ count: v })} min={0} width={70} />,
                  },
                  {
                    key: 'minCount',
                    title: t('rules.minCount'),
                    render: (r, s) => (
                      <Num value={r.minCount} onChange={(v) => s({ minCount: v })} min={0} width={70} />
                    ),
                  },
                  {
                    key: 'minScore',
                    title: t('rules.minScore'),
                    render: (r, s) => (
                      <Num
                        value={typeof r.minScore === 'object' ? r.minScore.value : r.minScore}
                        onChange={(v) => s({ minScore: v })}
                        min={0}
                        width={80}
                      />
                    ),
                  },
                  {
                    key: 'coefficient',
                    title: t('rules.coefficient'),
                    render: (r, s) => (
                      <Num value={r.coefficient} onChange={(v) => s({ coefficient: v })} step={0.1} width={80} />
                    ),
                  },
                  {
                    key: 'award',
                    title: t('rules.award'),
                    render: (r, s) => <Switch size="small" checked={!!r.award} onChange={(v) => s({ award: v })} />,
                  },
                ]}
              />
              <Row gutter={16} style={{ marginTop: 16 }}>
                {(
                  [
                    ['rounding', ['halfUp', 'floor', 'ceil'], 'roundings', 'halfUp'],
                    ['quotaScope', ['group', 'county'], 'quotaScopes', 'group'],
                    ['tiePolicy', ['tieBreak', 'allIn', 'allOut', 'flag'], 'tiePolicies', 'flag'],
                    ['overrideOrder', ['beforeQuota', 'afterQuota'], 'overrideOrders', 'afterQuota'],
                  ] as const
                ).map(([field, values, labels, def]) => (
                  <Col xs={12} md={6} key={field}>
                    <Form.Item label={t(`rules.${field}`)}>
                      <Select
                        value={(engine.tiering[field] as string | undefined) ?? def}
                        onChange={(v: string) =>
                          update((e) => {
                            e.tiering = { ...e.tiering, [field]: v };
                          })
                        }
                        options={values.map((v) => ({ value: v, label: t(`rules.${labels}.${v}`) }))}
                        data-testid={`rules-${field}`}
                      />
                    </Form.Item>
                  </Col>
                ))}
                <Col xs={24}>
                  <Checkbox
                    checked={engine.tiering.refill !== false}
                    onChange={(ev) =>
                      update((e) => {
                        e.tiering = { ...e.tiering, refill: ev.target.checked };
                      })
                    }
                  >
                    {t('rules.refill')}
                  </Checkbox>
                </Col>
              </Row>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('rules.tieBreakers')}
              </Typography.Title>
              <TieBreakers
                rows={engine.tiering.tieBreakers ?? []}
                readOnly={readOnly}
                onChange={(rows) =>
                  update((e) => {
                    e.tiering = { ...e.tiering, tieBreakers: rows.length ? rows : undefined };
                  })
                }
              />
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('rules.eligibility')}
              </Typography.Title>
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
                  idCol<EligibilityRule>(),
                  {
                    key: 'tier',
                    title: t('rules.tier'),
                    render: (r, s) => (
                      <Select
                        value={r.tier}
                        onChange={(v) => s({ tier: v })}
                        options={tierOptions}
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
                        options={(
                          ['noRedLight', 'noVeto', 'noFlag', 'noDeduction', 'minIndicatorFraction'] as const
                        ).map((k) => ({
                          value: k,
                          label: t(`rules.eligibilityKinds.${k}`),
                        }))}
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
            </Section>

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
                  idCol<{ id: string; tiers: string[]; years: number; action: string }>(),
                  {
                    key: 'tiers',
                    title: t('rules.tier'),
                    render: (r, s) => (
                      <Select
                        mode="multiple"
                        value={r.tiers}
                        onChange={(v: string[]) => s({ tiers: v })}
                        options={tierOptions}
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
                      <Input
                        value={r.action}
                        onChange={(e) => s({ action: e.target.value })}
                        style={{ minWidth: 160 }}
                      />
                    ),
                  },
                ]}
              />
            </Section>

            <Section id="precision" title={t('rules.precision')}>
              <Row gutter={16}>
                <Col xs={12} md={6}>
                  <Form.Item label={t('rules.decimals')}>
                    <Num
                      value={engine.decimals ?? 2}
                      onChange={(v) =>
                        update((e) => {
                          e.decimals = v ?? 2;
                        })
                      }
                      min={0}
                      max={8}
                      width={100}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item label={t('rules.rankingOn')}>
                    <Select
                      value={engine.ranking?.on ?? 'rounded'}
                      onChange={(v) =>
                        update((e) => {
                          e.ranking = { ...(e.ranking ?? {}), on: v };
                        })
                      }
                      options={(['rounded', 'full'] as const).map((v) => ({
                        value: v,
                        label: t(`rules.rankingOns.${v}`),
                      }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item label=" ">
                    <Checkbox
                      checked={!!engine.roundIndicatorScores}
                      onChange={(ev) =>
                        update((e) => {
                          e.roundIndicatorScores = ev.target.checked;
                        })
                      }
                    >
                      {t('rules.roundIndicatorScores')}
                    </Checkbox>
                  </Form.Item>
                </Col>
              </Row>
              <Typography.Title level={5}>{t('rules.rankingTieBreakers')}</Typography.Title>
              <TieBreakers
                rows={engine.ranking?.tieBreakers ?? []}
                readOnly={readOnly}
                onChange={(rows) =>
                  update((e) => {
                    e.ranking = { ...(e.ranking ?? {}), tieBreakers: rows };
                  })
                }
              />
            </Section>
          </Space>
        </Form>
      </Col>
      {wide && (
        <Col flex="180px">
          {/* a table of contents for the long rules page */}
          <Anchor
            offsetTop={80}
            targetOffset={80}
            items={SECTIONS.map((k) => ({ key: k, href: `#rules-${k}`, title: t(SECTION_TITLES[k]) }))}
            onClick={(e) => e.preventDefault() /* keep the URL; Anchor still scrolls */}
          />
        </Col>
      )}
    </Row>
  );
}
