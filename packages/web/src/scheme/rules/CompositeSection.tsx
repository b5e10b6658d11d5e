import { Col, Row, Space } from 'antd';
import { groupScale, type ResolvedScale } from '@yardstick/engine/scale';
import { useTranslation } from 'react-i18next';
import { Num } from '../fields';
import { Section, type RuleSectionProps } from './shared';

/** 综合得分权重: per unit group, the weights a (indicators) and b (evaluation), kept summing to 1. */
export function CompositeSection({
  engine,
  update,
  groupName,
}: RuleSectionProps & { groupName: (id: string) => string }) {
  const { t } = useTranslation();
  // What a and b mean on the scheme's scale (docs/scoring.md §2a): on a points scale b × total is the evaluation's points.
  const scaleLine = (s: ResolvedScale) =>
    s.mode === 'points'
      ? t('rules.scaleOfGroup', {
          total: s.total,
          indicators: s.indicators,
          evaluation: s.weights.b > 0 ? s.evaluation : 0,
        })
      : t('rules.scaleOfGroupNormalised', { total: s.total });
  // What the group's evaluation is worth without its own figure: the scheme's evaluation points, else b × its total.
  const inheritedEvaluation = (g: (typeof engine.groups)[number]) => {
    const s = groupScale(engine, { composite: g.composite, scale: { total: g.scale?.total } });
    return s.weights.b > 0 ? s.evaluation : 0;
  };
  // A group's own full marks or evaluation points over the scheme's (blank: the scheme's); an empty override is dropped.
  const setGroupScale = (gi: number, patch: { total?: number | undefined; evaluationPoints?: number | undefined }) =>
    update((e) => {
      const grp = e.groups[gi];
      if (!grp) return;
      const next = { ...(grp.scale ?? {}), ...patch };
      const clean = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined));
      if (Object.keys(clean).length > 0) grp.scale = clean;
      else delete grp.scale;
    });
  return (
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
            {(engine.scale || g.scale) && (
              <>
                <Space style={{ marginTop: 4 }} wrap>
                  <span className="ys-muted">{t('rules.groupScaleTotal')}</span>
                  <Num
                    value={g.scale?.total}
                    placeholder={String(engine.scale?.total ?? 100)}
                    onChange={(v) => setGroupScale(gi, { total: v !== undefined && v > 0 ? v : undefined })}
                    min={0}
                    width={100}
                    testId={`rules-group-scale-total-${g.id}`}
                  />
                  {groupScale(engine, g).mode === 'points' && (
                    <>
                      <span className="ys-muted">{t('rules.scaleEvaluation')}</span>
                      <Num
                        value={g.scale?.evaluationPoints}
                        placeholder={String(inheritedEvaluation(g))}
                        onChange={(v) => setGroupScale(gi, { evaluationPoints: v })}
                        min={0}
                        width={100}
                        testId={`rules-group-scale-evaluation-${g.id}`}
                      />
                    </>
                  )}
                </Space>
                <div className="ys-muted" style={{ fontSize: 12, marginTop: 4 }} data-testid={`rules-scale-of-${g.id}`}>
                  {scaleLine(groupScale(engine, g))}
                </div>
              </>
            )}
          </Col>
        ))}
      </Row>
    </Section>
  );
}
