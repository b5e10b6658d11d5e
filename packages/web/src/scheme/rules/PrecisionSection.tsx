import { Checkbox, Col, Form, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Num } from '../fields';
import type { EngineScheme } from '../model';
import { Section, type RuleSectionProps } from './shared';
import { TieBreakers } from './TieBreakers';

type ScaleChoice = 'default' | NonNullable<EngineScheme['scale']>['mode'];

/**
 * 满分与计分方式 (docs/scoring.md §2a): unset — normalised to 100, the former rule; 按方案分值 — the scheme's own points
 * (满分 1000 分，综合评价 200 分); 折算到满分 — the indicator total rescaled to the full marks and weighted by a/b.
 */
function ScaleFields({ engine, update }: Pick<RuleSectionProps, 'engine' | 'update'>) {
  const { t } = useTranslation();
  const scale = engine.scale;
  const choice: ScaleChoice = scale?.mode ?? 'default';
  const set = (next: EngineScheme['scale'] | undefined) =>
    update((e) => {
      if (next) e.scale = next;
      else delete e.scale;
    });
  return (
    <>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('rules.scaleHelp')}
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item label={t('rules.scaleMode')}>
            <Select
              value={choice}
              onChange={(v: ScaleChoice) =>
                set(
                  v === 'default'
                    ? undefined
                    : {
                        total: scale?.total ?? 100,
                        mode: v,
                        ...(v === 'points' && scale?.evaluationPoints !== undefined
                          ? { evaluationPoints: scale.evaluationPoints }
                          : {}),
                      },
                )
              }
              options={(['default', 'points', 'normalised'] as const).map((v) => ({
                value: v,
                label: t(`rules.scaleModes.${v}`),
              }))}
              data-testid="rules-scale-mode"
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item label={t('rules.scaleTotal')}>
            <Num
              value={scale?.total ?? 100}
              disabled={!scale}
              onChange={(v) => {
                if (scale && v !== undefined && v > 0) set({ ...scale, total: v });
              }}
              min={0}
              width={140}
              testId="rules-scale-total"
            />
          </Form.Item>
        </Col>
        {scale?.mode === 'points' && (
          <Col xs={12} md={8}>
            <Form.Item label={t('rules.scaleEvaluation')}>
              <Num
                value={scale.evaluationPoints}
                placeholder={t('rules.scaleEvaluationAuto')}
                onChange={(v) => {
                  const { evaluationPoints: _e, ...rest } = scale;
                  set(v === undefined ? rest : { ...rest, evaluationPoints: v });
                }}
                min={0}
                width={140}
                testId="rules-scale-evaluation"
              />
            </Form.Item>
          </Col>
        )}
      </Row>
    </>
  );
}

/** 计分精度: the point scale, decimals, whether ranking uses rounded or full scores, and the ranking's tie breakers. */
export function PrecisionSection({ engine, readOnly, update }: RuleSectionProps) {
  const { t } = useTranslation();
  return (
    <Section id="precision" title={t('rules.precision')}>
      <Typography.Title level={5}>{t('rules.scale')}</Typography.Title>
      <ScaleFields engine={engine} update={update} />
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
  );
}
