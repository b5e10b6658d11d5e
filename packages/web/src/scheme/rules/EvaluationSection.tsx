import { Checkbox, Col, Form, Input, Row, Select, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Num, RowsEditor } from '../fields';
import type { RaterGroup } from '../model';
import { Section, idCol, nameCol, type RuleSectionProps } from './shared';

/** 综合评价: trimming and uniform-ballot rules, and the rater groups with their weights and ballot forms. */
export function EvaluationSection({
  engine,
  readOnly,
  update,
  groupName,
}: RuleSectionProps & { groupName: (id: string) => string }) {
  const { t } = useTranslation();
  const groupOptions = engine.groups.map((g) => ({ value: g.id, label: g.name ?? groupName(g.id) }));
  return (
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
          idCol<RaterGroup>(t),
          nameCol<RaterGroup>(t),
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
            render: (r, s, i) =>
              r.form === 'options' ? (
                <Input
                  key={JSON.stringify(r.options)}
                  // best answer first, "don't know" last: the stored (jsonb) order is not the scheme's
                  defaultValue={Object.entries(r.options ?? {})
                    .sort(([, a], [, b]) => (b ?? Number.NEGATIVE_INFINITY) - (a ?? Number.NEGATIVE_INFINITY))
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
                  {/* the floor is a share of the first place's mark (rankFloor 0.6 = never below 60% of it) */}
                  <Tooltip title={t('rules.rankFloorHelp')}>
                    <span className="ys-muted">{t('rules.rankFloor')}</span>
                  </Tooltip>
                  <Num
                    value={r.rankFloor === undefined ? undefined : Math.round(r.rankFloor * 1e6) / 1e4}
                    onChange={(v) => s({ rankFloor: v === undefined ? undefined : Math.round(v * 1e4) / 1e6 })}
                    min={0}
                    max={100}
                    width={64}
                    testId={`rules-raters-rankFloor-${i}`}
                  />
                  %
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
  );
}
