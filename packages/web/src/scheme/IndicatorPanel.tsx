import type { ReactNode } from 'react';
import {
  Col,
  ConfigProvider,
  DatePicker,
  Divider,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { inputOptions, leafOptions, thresholdValue, withThresholdValue, type Flag } from './flags';
import { MethodFields } from './MethodFields';
import { Num, RowsEditor, Text } from './fields';
import {
  CATEGORIES,
  EVIDENCE_RULES,
  POLICY_SOURCES,
  sumPoints,
  type Block,
  type Indicator,
  type IndicatorMeta,
  type NodeMeta,
} from './model';
import {
  declaredParams,
  formulaParamNames,
  newParamName,
  PARAM_NAME,
  unitParamRows,
  withNamedParam,
  writeDeclaredParams,
  writeUnitParams,
  type DeclaredParam,
  type UnitParamRow,
} from './unitParams';

export interface Option {
  value: string;
  label: string;
}

const FILE_TYPES = ['pdf', 'jpg', 'png', 'doc', 'docx', 'xls', 'xlsx', 'ofd', 'zip'];

/** The form of one indicator: every field of the engine indicator and of its IndicatorMeta. */
export function IndicatorPanel({
  indicator,
  meta,
  readOnly,
  departments,
  groupUnits,
  groupLeaves = [],
  onChange,
  onRename,
  preview,
  unitParamsExcel,
}: {
  preview?: ReactNode;
  /** The Excel list of every indicator's unit parameters (export the grid, import it back). */
  unitParamsExcel?: ReactNode;
  indicator: Indicator;
  meta: IndicatorMeta;
  readOnly: boolean;
  departments: Option[];
  groupUnits: Option[];
  /** The group's leaf indicators: a flag may test any of them. */
  groupLeaves?: Indicator[];
  onChange: (fn: (ind: Indicator, meta: IndicatorMeta) => void) => void;
  onRename: (id: string) => void;
}) {
  const { t } = useTranslation();
  const parent = !!indicator.children?.length;
  const set = (patch: Partial<Indicator>) => onChange((ind) => Object.assign(ind, patch));
  const setMeta = (patch: Partial<IndicatorMeta>) => onChange((_ind, m) => Object.assign(m, patch));
  const formulaParams = formulaParamNames(indicator);

  // process nodes live in two places: meta.nodes (name, due, expected) and engine process.nodes (id, weight)
  const nodes: (NodeMeta & { weight?: number })[] = (meta.nodes ?? []).map((n) => ({
    ...n,
    weight: indicator.process?.nodes.find((p) => p.id === n.id)?.weight,
  }));
  const setNodes = (rows: (NodeMeta & { weight?: number })[]) =>
    onChange((ind, m) => {
      m.nodes = rows.map(({ id, name, due, expected }) => ({ id, name, due, expected }));
      if (rows.length === 0) {
        delete ind.process;
        delete m.nodes;
        return;
      }
      ind.process = {
        ...(ind.process ?? { share: 0.4 }),
        share: ind.process?.share ?? 0.4,
        nodes: rows.map((r) => ({ id: r.id, ...(r.weight !== undefined ? { weight: r.weight } : {}) })),
      };
    });
  const setProcess = (patch: Record<string, number | undefined>) =>
    onChange((ind) => {
      if (ind.process) Object.assign(ind.process, patch);
    });

  return (
    <Form layout="vertical" disabled={readOnly} className="ys-indicator-form" data-testid="indicator-form">
      <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
        {t('editor.sections.basic')}
      </Divider>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item label={t('editor.fields.id')} tooltip={t('editor.fields.idHelp')}>
            <Input
              key={indicator.id}
              defaultValue={indicator.id}
              className="ys-mono"
              onBlur={(e) => {
                const v = e.target.value.trim();
                if (v && v !== indicator.id) onRename(v);
                else e.target.value = indicator.id;
              }}
              data-testid="indicator-id"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item label={t('editor.fields.name')}>
            <Text value={indicator.name} onChange={(v) => set({ name: v })} testId="indicator-name" />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item label={t('editor.fields.points')}>
            {parent ? (
              <Typography.Text>
                {t('editor.fields.pointsParent', { points: sumPoints(indicator.children ?? []) })}
              </Typography.Text>
            ) : (
              <Num
                value={indicator.points}
                onChange={(v) => set({ points: v ?? 0 })}
                min={0}
                testId="indicator-points"
              />
            )}
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item label={t('editor.fields.key')}>
            <Switch
              checked={!!indicator.key}
              onChange={(v) => set({ key: v })}
              checkedChildren={t('editor.fields.keyOn')}
              unCheckedChildren={t('editor.fields.keyOff')}
              data-testid="indicator-key"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item label={t('editor.fields.category')}>
            <Select
              allowClear
              value={meta.category}
              onChange={(v) => setMeta({ category: v })}
              options={CATEGORIES.map((c) => ({ value: c, label: t(`editor.category.${c}`) }))}
              data-testid="indicator-category"
            />
          </Form.Item>
        </Col>
        {!parent && (
          <>
            <Col xs={12} md={8}>
              <Form.Item label={t('editor.fields.missing')}>
                <Select
                  value={indicator.missing ?? 'zero'}
                  onChange={(v) => set({ missing: v })}
                  options={(['zero', 'exclude', 'block'] as const).map((m) => ({
                    value: m,
                    label: t(`editor.missing.${m}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item label={t('editor.fields.difficulty')}>
                <Select
                  value={indicator.difficultyApplies ?? 'score'}
                  onChange={(v) => set({ difficultyApplies: v })}
                  options={(['score', 'raw'] as const).map((m) => ({ value: m, label: t(`editor.difficulty.${m}`) }))}
                />
              </Form.Item>
            </Col>
          </>
        )}
        <Col xs={24} md={parent ? 24 : 8}>
          <Form.Item label={t('editor.fields.appliesTo')} tooltip={t('editor.fields.appliesToHelp')}>
            <Select
              mode="multiple"
              allowClear
              value={indicator.appliesTo ?? []}
              onChange={(v: string[]) => set({ appliesTo: v.length ? v : undefined })}
              options={groupUnits}
              optionFilterProp="label"
              maxTagCount="responsive"
              data-testid="indicator-appliesTo"
            />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start" plain>
        {t('editor.sections.method')}
      </Divider>
      {parent ? (
        <Typography.Paragraph type="secondary">{t('editor.fields.parentNote')}</Typography.Paragraph>
      ) : (
        <MethodFields
          method={indicator.method}
          onChange={(m) => set({ method: m })}
          disabled={readOnly}
          unitOptions={groupUnits}
        />
      )}
      {!parent && indicator.method?.kind === 'formula' && (
        <Form.Item label={t('editor.fields.formulaParams')} tooltip={t('editor.fields.formulaParamsHelp')}>
          <RowsEditor<DeclaredParam>
            rows={declaredParams(indicator)}
            onChange={(rows) => onChange((ind) => writeDeclaredParams(ind, rows))}
            disabled={readOnly}
            addLabel={t('editor.fields.addFormulaParam')}
            testId="indicator-params"
            newRow={() => ({ name: newParamName(indicator), value: 0 })}
            columns={[
              {
                key: 'name',
                title: t('editor.fields.paramName'),
                // committed on blur, so a rename is one change (the units' values follow it)
                render: (r, s) => (
                  <Input
                    key={r.name}
                    defaultValue={r.name}
                    className="ys-mono"
                    style={{ width: 140 }}
                    data-testid="param-name"
                    onBlur={(e) => {
                      const v = e.target.value.trim();
                      if (v !== r.name && PARAM_NAME.test(v)) s({ name: v });
                      else e.target.value = r.name;
                    }}
                  />
                ),
              },
              {
                key: 'value',
                title: t('editor.fields.paramDefault'),
                render: (r, s) => <Num value={r.value} onChange={(v) => s({ value: v })} width={100} />,
              },
            ]}
          />
        </Form.Item>
      )}
      {!parent && (
        <Form.Item label={t('editor.fields.unitParams')} tooltip={t('editor.fields.unitParamsHelp')}>
          {unitParamsExcel && (
            <Space size={8} wrap style={{ marginBottom: 8 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('editor.fields.unitParamsExcel')}
              </Typography.Text>
              {unitParamsExcel}
            </Space>
          )}
          <RowsEditor<UnitParamRow>
            rows={unitParamRows(indicator)}
            onChange={(rows) => onChange((ind) => writeUnitParams(ind, rows))}
            disabled={readOnly}
            addLabel={t('editor.fields.addUnitParam')}
            testId="indicator-unitParams"
            // a new row takes the first unit without its own parameters (a row without a unit would not be kept)
            newRow={() => ({
              unit: groupUnits.find((u) => !(u.value in (indicator.unitParams ?? {})))?.value ?? '',
              rest: {},
            })}
            columns={[
              {
                key: 'unit',
                title: t('editor.fields.unit'),
                render: (r, s) => (
                  <Select
                    showSearch={{ optionFilterProp: 'label' }}
                    value={r.unit || undefined}
                    onChange={(v: string) => s({ unit: v })}
                    options={groupUnits}
                    style={{ width: 180 }}
                  />
                ),
              },
              {
                key: 'target',
                title: t('method.target'),
                render: (r, s) => <Num value={r.target} onChange={(v) => s({ target: v })} width={90} />,
              },
              {
                key: 'baseline',
                title: t('method.baseline'),
                render: (r, s) => <Num value={r.baseline} onChange={(v) => s({ baseline: v })} width={90} />,
              },
              {
                key: 'coefficient',
                title: t('editor.fields.coefficient'),
                render: (r, s) => (
                  <Num value={r.coefficient} onChange={(v) => s({ coefficient: v })} min={0} step={0.05} width={90} />
                ),
              },
              // a formula indicator: one column per named parameter, the unit's own value of it
              ...formulaParams.map((name) => ({
                key: `param:${name}`,
                title: <span className="ys-mono">{name}</span>,
                render: (r: UnitParamRow, s: (patch: Partial<UnitParamRow>) => void) => (
                  <Num
                    value={r.rest[name]}
                    onChange={(v) => s(withNamedParam(r, name, v))}
                    placeholder={indicator.params?.[name]?.toString()}
                    width={90}
                    testId={`unitParam-${name}`}
                  />
                ),
              })),
            ]}
          />
        </Form.Item>
      )}
      {!parent && (
        <Form.Item label={t('editor.fields.flags')} tooltip={t('editor.fields.flagsHelp')}>
          <RowsEditor<Flag>
            rows={indicator.flags ?? []}
            onChange={(rows) => set({ flags: rows })}
            disabled={readOnly}
            addLabel={t('editor.fields.addFlag')}
            testId="indicator-flags"
            newRow={() => ({ id: `flag${(indicator.flags?.length ?? 0) + 1}` })}
            columns={[
              {
                key: 'id',
                title: t('editor.fields.flagId'),
                width: 110,
                render: (r, s) => <Text value={r.id} onChange={(v) => s({ id: v ?? '' })} testId="flag-id" />,
              },
              {
                key: 'name',
                title: t('editor.fields.flagName'),
                width: 160,
                render: (r, s) => <Text value={r.name} onChange={(v) => s({ name: v })} testId="flag-name" />,
              },
              {
                key: 'indicator',
                title: t('editor.fields.flagSource'),
                render: (r, s) => (
                  <Select
                    allowClear
                    showSearch={{ optionFilterProp: 'label' }}
                    value={r.indicator}
                    placeholder={t('editor.fields.flagSourceSelf')}
                    onChange={(v?: string) => s({ indicator: v, input: undefined })}
                    options={leafOptions(groupLeaves.filter((l) => l.id !== indicator.id))}
                    style={{ width: 170 }}
                    data-testid="flag-indicator"
                  />
                ),
              },
              {
                key: 'input',
                title: t('editor.fields.flagInput'),
                render: (r, s) => {
                  const source = r.indicator ? groupLeaves.find((l) => l.id === r.indicator) : indicator;
                  const inputs = inputOptions(source);
                  return (
                    <Select
                      allowClear
                      value={r.input}
                      placeholder={t('editor.fields.flagInputValue')}
                      disabled={inputs.length === 0 && r.input === undefined}
                      onChange={(v?: string) => s({ input: v })}
                      options={inputs.map((n) => ({ value: n, label: n }))}
                      style={{ width: 130 }}
                      data-testid="flag-input"
                    />
                  );
                },
              },
              {
                key: 'below',
                title: t('editor.fields.flagBelow'),
                render: (r, s) => (
                  <Num
                    value={thresholdValue(r.below)}
                    onChange={(v) => s({ below: withThresholdValue(r.below, v) })}
                    width={90}
                    testId="flag-below"
                  />
                ),
              },
              {
                key: 'above',
                title: t('editor.fields.flagAbove'),
                render: (r, s) => (
                  <Num
                    value={thresholdValue(r.above)}
                    onChange={(v) => s({ above: withThresholdValue(r.above, v) })}
                    width={90}
                  />
                ),
              },
            ]}
          />
        </Form.Item>
      )}
      <Form.Item label={t('editor.fields.methodText')}>
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 6 }}
          value={meta.methodText ?? ''}
          onChange={(e) => setMeta({ methodText: e.target.value || undefined })}
        />
      </Form.Item>
      {preview && (
        // the preview stays usable on a read-only (published) version
        <ConfigProvider componentDisabled={false}>
          <div style={{ margin: '4px 0 16px' }}>{preview}</div>
        </ConfigProvider>
      )}

      <Divider titlePlacement="start" plain>
        {t('editor.sections.assess')}
      </Divider>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item label={t('editor.fields.assessor')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              value={indicator.assessorId}
              onChange={(v?: string) => set({ assessorId: v })}
              options={departments}
              placeholder={t('editor.fields.assessorPlaceholder')}
              data-testid="indicator-assessor"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item label={t('editor.fields.policySource')}>
            <Select
              allowClear
              value={meta.policySource}
              onChange={(v) =>
                onChange((ind, m) => {
                  m.policySource = v;
                  ind.source = v;
                })
              }
              options={POLICY_SOURCES.map((c) => ({ value: c, label: t(`editor.policySource.${c}`) }))}
              data-testid="indicator-policySource"
            />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start" plain>
        {t('editor.sections.evidence')}
      </Divider>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item label={t('editor.fields.dataSource')}>
            <Text value={meta.dataSource} onChange={(v) => setMeta({ dataSource: v })} testId="indicator-dataSource" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item label={t('editor.fields.evidence')}>
            <Radio.Group
              value={meta.evidence?.rule}
              onChange={(e) =>
                setMeta({
                  evidence: { rule: e.target.value as 'none', fileTypes: meta.evidence?.fileTypes ?? [] },
                })
              }
              data-testid="indicator-evidence"
            >
              {EVIDENCE_RULES.map((r) => (
                <Radio.Button key={r} value={r}>
                  {t(`editor.evidence.${r}`)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
        </Col>
        {meta.evidence && meta.evidence.rule !== 'none' && (
          <Col xs={24}>
            <Form.Item label={t('editor.fields.fileTypes')}>
              <Select
                mode="tags"
                value={meta.evidence.fileTypes}
                onChange={(v: string[]) =>
                  setMeta({ evidence: { rule: meta.evidence?.rule ?? 'optional', fileTypes: v } })
                }
                options={FILE_TYPES.map((f) => ({ value: f, label: f }))}
                placeholder={t('editor.fields.fileTypesPlaceholder')}
              />
            </Form.Item>
          </Col>
        )}
      </Row>

      {!parent && (
        <>
          <Divider titlePlacement="start" plain>
            {t('editor.sections.process')}
          </Divider>
          <RowsEditor
            rows={nodes}
            onChange={setNodes}
            disabled={readOnly}
            addLabel={t('editor.fields.addNode')}
            testId="indicator-nodes"
            newRow={() => ({ id: `n${nodes.length + 1}`, name: '', due: '', expected: 100, weight: 1 })}
            columns={[
              {
                key: 'id',
                title: t('editor.fields.nodeId'),
                width: 90,
                render: (r, s) => (
                  <Input value={r.id} onChange={(e) => s({ id: e.target.value })} style={{ width: 80 }} />
                ),
              },
              {
                key: 'name',
                title: t('editor.fields.nodeName'),
                render: (r, s) => (
                  <Input value={r.name} onChange={(e) => s({ name: e.target.value })} style={{ minWidth: 140 }} />
                ),
              },
              {
                key: 'due',
                title: t('editor.fields.nodeDue'),
                render: (r, s) => (
                  <DatePicker
                    value={r.due ? dayjs(r.due) : null}
                    onChange={(d) => s({ due: d ? d.format('YYYY-MM-DD') : '' })}
                    style={{ width: 150 }}
                  />
                ),
              },
              {
                key: 'expected',
                title: t('editor.fields.nodeExpected'),
                render: (r, s) => (
                  <Num value={r.expected} onChange={(v) => s({ expected: v ?? 0 })} min={0} max={100} width={90} />
                ),
              },
              {
                key: 'weight',
                title: t('editor.fields.nodeWeight'),
                render: (r, s) => <Num value={r.weight} onChange={(v) => s({ weight: v })} min={0} width={80} />,
              },
            ]}
          />
          {indicator.process && (
            <Row gutter={12} style={{ marginTop: 12 }}>
              <Col xs={12} md={8}>
                <Form.Item label={t('editor.fields.processShare')} tooltip={t('editor.fields.processShareHelp')}>
                  <Num
                    value={indicator.process.share}
                    onChange={(v) => setProcess({ share: v ?? 0 })}
                    min={0}
                    max={1}
                    step={0.1}
                  />
                </Form.Item>
              </Col>
              {(['greenFraction', 'yellowFraction', 'redFraction', 'missingFraction'] as const).map((f) => (
                <Col xs={12} md={4} key={f}>
                  <Form.Item label={t(`editor.fields.${f}`)}>
                    <Num
                      value={indicator.process?.[f]}
                      onChange={(v) => setProcess({ [f]: v })}
                      min={0}
                      max={1}
                      step={0.1}
                    />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          )}
        </>
      )}

      <Divider titlePlacement="start" plain>
        {t('editor.sections.text')}
      </Divider>
      <Form.Item label={t('editor.fields.description')}>
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 6 }}
          value={meta.description ?? ''}
          onChange={(e) => setMeta({ description: e.target.value || undefined })}
        />
      </Form.Item>
      <Form.Item label={t('editor.fields.target')}>
        <Input.TextArea
          autoSize={{ minRows: 1, maxRows: 4 }}
          value={meta.target ?? ''}
          onChange={(e) => setMeta({ target: e.target.value || undefined })}
          data-testid="indicator-target-text"
        />
      </Form.Item>
    </Form>
  );
}

/** The form of a block: code, name, weight. */
export function BlockPanel({
  block,
  weight,
  readOnly,
  onChange,
}: {
  block: Block;
  weight: number | undefined;
  readOnly: boolean;
  onChange: (patch: Partial<Block>) => void;
}) {
  const { t } = useTranslation();
  return (
    <Form layout="vertical" disabled={readOnly} data-testid="block-form">
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item label={t('editor.block.id')}>
            <Input className="ys-mono" value={block.id} onChange={(e) => onChange({ id: e.target.value })} />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item label={t('editor.block.name')}>
            <Text value={block.name} onChange={(v) => onChange({ name: v })} testId="block-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item label={t('editor.block.weight')} tooltip={t('editor.block.weightHelp')}>
            <Num value={weight} onChange={(v) => onChange({ weight: v })} min={0} />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Text type="secondary">
        {t('editor.tree.total', { points: sumPoints(block.indicators), count: block.indicators.length })}
      </Typography.Text>
    </Form>
  );
}
