import { Checkbox, Col, Form, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Num } from '../fields';
import { Section, type RuleSectionProps } from './shared';
import { TieBreakers } from './TieBreakers';

/** 计分精度: decimals, whether ranking uses rounded or full scores, and the ranking's tie breakers. */
export function PrecisionSection({ engine, readOnly, update }: RuleSectionProps) {
  const { t } = useTranslation();
  return (
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
  );
}
