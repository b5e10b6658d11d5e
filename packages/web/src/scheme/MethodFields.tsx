import { Checkbox, Col, Form, Input, Row, Select, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Num, RowsEditor, Text, recordRows, rowsRecord } from './fields';
import {
  BASE_METHOD_KINDS,
  METHOD_KINDS,
  defaultMethod,
  type Method,
  type MethodKind,
  type MethodView,
  type Threshold,
} from './model';

function thresholdValue(t: Threshold | undefined): number | undefined {
  if (t === undefined) return undefined;
  return typeof t === 'number' ? t : t.value;
}
function thresholdInclusive(t: Threshold | undefined): boolean {
  return t === undefined || typeof t === 'number' ? true : t.inclusive !== false;
}

/** The method kind picker and the parameters of that kind. */
export function MethodFields({
  method,
  onChange,
  disabled,
  unitOptions,
  nested = false,
}: {
  method: MethodView | undefined;
  onChange: (m: Method | undefined) => void;
  disabled: boolean;
  unitOptions: { value: string; label: string }[];
  nested?: boolean;
}) {
  const { t } = useTranslation();
  const kinds = nested ? BASE_METHOD_KINDS : METHOD_KINDS;
  // The form edits one kind's fields; the engine's schema (on the server) checks the whole.
  const set = (patch: Partial<MethodView>) => method && onChange({ ...method, ...patch } as Method);
  const kind = method?.kind;

  const direction = (
    <Form.Item label={t('method.direction')}>
      <Select
        value={method?.direction ?? 'higher'}
        onChange={(v) => set({ direction: v })}
        options={(['higher', 'lower'] as const).map((d) => ({ value: d, label: t(`method.directions.${d}`) }))}
      />
    </Form.Item>
  );

  return (
    <div data-testid={nested ? 'method-then' : 'method-fields'}>
      <Form.Item label={nested ? t('method.then') : t('method.kind')} style={{ marginBottom: 8 }}>
        <Select<MethodKind | ''>
          value={kind ?? ''}
          onChange={(k) => onChange(k ? defaultMethod(k) : undefined)}
          data-testid={nested ? 'method-then-kind' : 'method-kind'}
          options={[
            ...(nested ? [{ value: '' as const, label: t('method.thenNone') }] : []),
            ...kinds.map((k) => ({ value: k, label: t(`method.kinds.${k}`) })),
          ]}
        />
      </Form.Item>
      {kind && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -4 }}>
          {t(`method.hints.${kind}`)}
        </Typography.Paragraph>
      )}
      {method && kind === 'ratio' && (
        <Row gutter={12}>
          <Col xs={12} md={8}>
            {direction}
          </Col>
          <Col xs={12} md={8}>
            <Form.Item label={t('method.target')} tooltip={t('method.targetHelp')}>
              <Num value={method.target} onChange={(v) => set({ target: v })} min={0} testId="method-target" />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item label={t('method.baseline')}>
              <Num value={method.baseline} onChange={(v) => set({ baseline: v })} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item label={t('method.mode')}>
              <Select
                value={method.mode ?? 'proportional'}
                onChange={(v) => set({ mode: v })}
                options={['proportional', 'perPoint'].map((m) => ({ value: m, label: t(`method.modes.${m}`) }))}
              />
            </Form.Item>
          </Col>
          {method.mode === 'perPoint' && (
            <>
              <Col xs={12} md={8}>
                <Form.Item label={t('method.perPointAbove')}>
                  <Num value={method.perPointAbove} onChange={(v) => set({ perPointAbove: v })} min={0} step={0.1} />
                </Form.Item>
              </Col>
              <Col xs={12} md={8}>
                <Form.Item label={t('method.perPointBelow')}>
                  <Num value={method.perPointBelow} onChange={(v) => set({ perPointBelow: v })} min={0} step={0.1} />
                </Form.Item>
              </Col>
            </>
          )}
          <Col xs={12} md={8}>
            <Form.Item label={t('method.floor')}>
              <Num value={method.floor} onChange={(v) => set({ floor: v })} min={0} max={1} step={0.05} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item label={t('method.cap')}>
              <Num value={method.cap} onChange={(v) => set({ cap: v })} min={0} step={0.05} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item label={t('method.zeroBelow')}>
              <Num
                value={thresholdValue(method.zeroBelow)}
                onChange={(v) =>
                  set({
                    zeroBelow:
                      v === undefined ? undefined : { value: v, inclusive: thresholdInclusive(method.zeroBelow) },
                  })
                }
                min={0}
                max={1}
                step={0.05}
              />
            </Form.Item>
          </Col>
          <Col xs={24} style={{ marginBottom: 12 }}>
            <Checkbox checked={!!method.uncapped} onChange={(e) => set({ uncapped: e.target.checked })}>
              {t('method.uncapped')}
            </Checkbox>
          </Col>
        </Row>
      )}
      {method && kind === 'steps' && (
        <>
          <Form.Item label={t('method.mode')}>
            <Select
              value={method.mode ?? 'linear'}
              onChange={(v) => set({ mode: v })}
              options={['linear', 'step'].map((m) => ({ value: m, label: t(`method.modes.${m}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('method.breakpoints')}>
            <RowsEditor
              rows={(method.points ?? []) as { at: number; value: number; inclusive?: boolean }[]}
              onChange={(points) => set({ points })}
              newRow={() => ({ at: 0, value: 0, inclusive: true })}
              disabled={disabled}
              addLabel={t('method.addBreakpoint')}
              columns={[
                {
                  key: 'at',
                  title: t('method.at'),
                  render: (r, s) => <Num value={r.at} onChange={(v) => s({ at: v ?? 0 })} width={110} />,
                },
                {
                  key: 'value',
                  title: t('method.value'),
                  render: (r, s) => (
                    <Num
                      value={r.value}
                      onChange={(v) => s({ value: v ?? 0 })}
                      min={0}
                      max={1}
                      step={0.1}
                      width={100}
                    />
                  ),
                },
                {
                  key: 'inclusive',
                  title: t('method.inclusive'),
                  render: (r, s) => (
                    <Switch size="small" checked={r.inclusive !== false} onChange={(v) => s({ inclusive: v })} />
                  ),
                },
              ]}
            />
          </Form.Item>
        </>
      )}
      {method && kind === 'goalposts' && (
        <Row gutter={12}>
          <Col xs={24} md={8}>
            {direction}
          </Col>
          <Col xs={12} md={8}>
            <Form.Item label={t('method.lo')}>
              <Num value={method.lo} onChange={(v) => set({ lo: v })} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item label={t('method.hi')}>
              <Num value={method.hi} onChange={(v) => set({ hi: v })} />
            </Form.Item>
          </Col>
        </Row>
      )}
      {method && kind === 'topRatio' && direction}
      {method && kind === 'rank' && (
        <Row gutter={12}>
          <Col xs={12} md={6}>
            {direction}
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t('method.step')}>
              <Num value={method.step} onChange={(v) => set({ step: v ?? 0 })} min={0} step={0.5} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t('method.stepUnit')}>
              <Select
                value={method.stepUnit ?? 'percent'}
                onChange={(v) => set({ stepUnit: v })}
                options={(['percent', 'points'] as const).map((u) => ({ value: u, label: t(`method.stepUnits.${u}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t('method.floor')}>
              <Num value={method.floor} onChange={(v) => set({ floor: v })} min={0} max={1} step={0.05} />
            </Form.Item>
          </Col>
        </Row>
      )}
      {method && kind === 'deduction' && (
        <>
          <Row gutter={12}>
            <Col xs={12} md={8}>
              <Form.Item label={t('method.perOccurrence')}>
                <Num value={method.perOccurrence} onChange={(v) => set({ perOccurrence: v })} min={0} step={0.5} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item label={t('method.repeatMultiplier')}>
                <Num
                  value={method.repeatMultiplier}
                  onChange={(v) => set({ repeatMultiplier: v })}
                  min={0}
                  step={0.5}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item label={t('method.limit')} tooltip={t('method.limitHelp')}>
                <Num value={method.limit} onChange={(v) => set({ limit: v })} min={0} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label={t('method.items')}>
            <RowsEditor
              rows={(method.items ?? []) as { id: string; step: number; limit?: number }[]}
              onChange={(items) => set({ items })}
              newRow={() => ({ id: `item${(method.items?.length ?? 0) + 1}`, step: 1, limit: undefined })}
              disabled={disabled}
              addLabel={t('method.addItem')}
              columns={[
                {
                  key: 'id',
                  title: t('method.itemId'),
                  render: (r, s) => <Text value={r.id} onChange={(v) => s({ id: v ?? '' })} />,
                },
                {
                  key: 'step',
                  title: t('method.itemStep'),
                  render: (r, s) => <Num value={r.step} onChange={(v) => s({ step: v ?? 0 })} min={0} width={90} />,
                },
                {
                  key: 'limit',
                  title: t('method.itemLimit'),
                  render: (r, s) => <Num value={r.limit} onChange={(v) => s({ limit: v })} min={0} width={90} />,
                },
              ]}
            />
          </Form.Item>
        </>
      )}
      {method && kind === 'grade' && (
        <Form.Item label={t('method.grades')}>
          <RowsEditor
            rows={recordRows(method.grades)}
            onChange={(rows) => set({ grades: rowsRecord(rows) })}
            newRow={() => ({ k: String.fromCharCode(65 + Object.keys(method.grades ?? {}).length), v: 0 })}
            disabled={disabled}
            addLabel={t('method.addGrade')}
            testId="method-grades"
            columns={[
              {
                key: 'k',
                title: t('method.grade'),
                render: (r, s) => (
                  <Input value={r.k} onChange={(e) => s({ k: e.target.value })} style={{ width: 100 }} />
                ),
              },
              {
                key: 'v',
                title: t('method.value'),
                render: (r, s) => (
                  <Num value={r.v} onChange={(v) => s({ v: v ?? 0 })} min={0} max={1} step={0.1} width={100} />
                ),
              },
            ]}
          />
        </Form.Item>
      )}
      {method && kind === 'binary' && (
        <Form.Item label={t('method.partial')}>
          <Num value={method.partial} onChange={(v) => set({ partial: v })} min={0} max={1} step={0.1} width={160} />
        </Form.Item>
      )}
      {method && kind === 'marginal' && (
        <>
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item label={t('method.marginalDirection')}>
                <Select
                  value={method.direction ?? 'below'}
                  onChange={(v) => set({ direction: v })}
                  data-testid="marginal-direction"
                  options={(['below', 'above'] as const).map((d) => ({
                    value: d,
                    label: t(`method.marginalDirections.${d}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item label={t('method.marginalMode')}>
                <Select
                  value={method.mode}
                  onChange={(v) => set({ mode: v })}
                  data-testid="marginal-mode"
                  options={(['marginal', 'flat'] as const).map((m) => ({
                    value: m,
                    label: t(`method.marginalModes.${m}`),
                  }))}
                />
              </Form.Item>
              {method.mode && (
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -16 }}>
                  {t(`method.marginalModeHelp.${method.mode}`)}
                </Typography.Paragraph>
              )}
            </Col>
          </Row>
          <Form.Item label={t('method.bands')}>
            <RowsEditor
              rows={(method.bands ?? []) as { from: number; rate: number }[]}
              onChange={(bands) => set({ bands })}
              newRow={() => ({ from: 0, rate: 0 })}
              disabled={disabled}
              addLabel={t('method.addBand')}
              testId="marginal-bands"
              columns={[
                {
                  key: 'from',
                  title: t('method.bandFrom'),
                  render: (r, s) => <Num value={r.from} onChange={(v) => s({ from: v ?? 0 })} width={110} />,
                },
                {
                  key: 'rate',
                  title: t('method.bandRate'),
                  render: (r, s) => (
                    <Num value={r.rate} onChange={(v) => s({ rate: v ?? 0 })} min={0} step={0.05} width={110} />
                  ),
                },
              ]}
            />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={12} md={8}>
              <Form.Item label={t('method.per')} tooltip={t('method.perHelp')}>
                <Num value={method.per} onChange={(v) => set({ per: v })} min={0} step={0.5} />
              </Form.Item>
            </Col>
            <Col xs={12} md={16}>
              <Form.Item label={t('method.count')}>
                <Select
                  value={method.count ?? 'proportional'}
                  onChange={(v) => set({ count: v })}
                  options={(['proportional', 'whole', 'started'] as const).map((c) => ({
                    value: c,
                    label: t(`method.counts.${c}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item label={t('method.bonusRate')} tooltip={t('method.bonusHelp')}>
                <Num value={method.bonusRate} onChange={(v) => set({ bonusRate: v })} min={0} step={0.05} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item label={t('method.bonusLimit')}>
                <Num value={method.bonusLimit} onChange={(v) => set({ bonusLimit: v })} min={0} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} style={{ marginBottom: 12, alignSelf: 'center' }}>
              <Checkbox checked={!!method.uncapped} onChange={(e) => set({ uncapped: e.target.checked })}>
                {t('method.uncapped')}
              </Checkbox>
            </Col>
          </Row>
        </>
      )}
      {method && kind === 'upper' && (
        <Row gutter={12}>
          <Col xs={12} md={8}>
            <Form.Item label={t('method.upperId')}>
              <Text value={method.upperId} onChange={(v) => set({ upperId: v ?? '' })} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item label={t('method.basis')}>
              <Select
                value={method.basis ?? 'score'}
                onChange={(v) => set({ basis: v })}
                options={(['score', 'rank'] as const).map((b) => ({ value: b, label: t(`method.bases.${b}`) }))}
              />
            </Form.Item>
          </Col>
          {method.basis === 'rank' && (
            <Col xs={24} md={8}>
              <Form.Item label={t('method.rankFractions')} tooltip={t('method.rankFractionsHelp')}>
                <Input
                  defaultValue={(method.rankFractions ?? []).join(', ')}
                  placeholder="1, 0.9, 0.8"
                  onBlur={(e) => {
                    const list = e.target.value
                      .split(/[,，\s]+/)
                      .filter(Boolean)
                      .map(Number)
                      .filter((n) => Number.isFinite(n));
                    set({ rankFractions: list.length ? list : undefined });
                  }}
                />
              </Form.Item>
            </Col>
          )}
          <Col xs={24}>
            <Form.Item label={t('method.unitIds')}>
              <Select
                mode="multiple"
                allowClear
                value={method.unitIds ?? []}
                onChange={(v: string[]) => set({ unitIds: v.length ? v : undefined })}
                options={unitOptions}
                optionFilterProp="label"
              />
            </Form.Item>
          </Col>
        </Row>
      )}
      {method && kind === 'manual' && (
        <Row gutter={12}>
          <Col xs={12} md={8}>
            <Form.Item label={t('method.min')}>
              <Num value={method.min} onChange={(v) => set({ min: v })} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item label={t('method.max')} tooltip={t('method.maxHelp')}>
              <Num value={method.max} onChange={(v) => set({ max: v })} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('method.requireReason')}>
              <Switch checked={method.requireReason !== false} onChange={(v) => set({ requireReason: v })} />
            </Form.Item>
          </Col>
        </Row>
      )}
      {method && kind === 'formula' && (
        <>
          <Form.Item label={t('method.expr')} tooltip={t('method.exprHelp')}>
            <Input
              value={method.expr ?? ''}
              onChange={(e) => set({ expr: e.target.value })}
              className="ys-mono"
              data-testid="method-expr"
            />
          </Form.Item>
          <Form.Item label={t('method.inputs')}>
            <Select
              mode="tags"
              value={method.inputs ?? []}
              onChange={(v: string[]) => set({ inputs: v })}
              placeholder={t('method.inputsPlaceholder')}
              open={false}
              suffixIcon={null}
            />
          </Form.Item>
          <div className="ys-nested">
            <MethodFields
              method={method.then}
              onChange={(then) => set({ then: then as MethodView['then'] })}
              disabled={disabled}
              unitOptions={unitOptions}
              nested
            />
          </div>
        </>
      )}
    </div>
  );
}
