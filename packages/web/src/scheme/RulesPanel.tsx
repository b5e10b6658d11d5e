import { Anchor, Col, Form, Grid, Row, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EngineScheme } from './model';
import type { Option } from './IndicatorPanel';
import { BonusSection } from './rules/BonusSection';
import { CompositeSection } from './rules/CompositeSection';
import { DeductionsSection } from './rules/DeductionsSection';
import { DisciplineSection } from './rules/DisciplineSection';
import { EvaluationSection } from './rules/EvaluationSection';
import { PeriodsSection } from './rules/PeriodsSection';
import { PrecisionSection } from './rules/PrecisionSection';
import { RankChangeSection } from './rules/RankChangeSection';
import { ResultsUseSection } from './rules/ResultsUseSection';
import { RollUpsSection } from './rules/RollUpsSection';
import { TieringSection } from './rules/TieringSection';
import { VetoesSection } from './rules/VetoesSection';

/** The sections in page order; each key is its card's anchor (`#rules-<key>`) and its title's i18n key. */
const SECTIONS = [
  'bonus',
  'rankChange',
  'periods',
  'deductions',
  'vetoes',
  'rollUps',
  'discipline',
  'composite',
  'evaluation',
  'tiering',
  'resultsUse',
  'precision',
] as const;

/**
 * Every scheme-wide rule: bonus, rank change, the measurement window and named periods, deductions, vetoes, roll-ups, discipline, composite, evaluation, tiers,
 * results use, precision — one component per section in `./rules/`, with a table of contents on wide screens.
 */
export function RulesPanel({
  engine,
  readOnly,
  groupName,
  departments,
  unitsOfGroup,
  update,
}: {
  engine: EngineScheme;
  readOnly: boolean;
  groupName: (id: string) => string;
  /** The county's departments: a rule may name the one that supplies its data. */
  departments: readonly Option[];
  /** The county's units of a group: a roll-up names two of them. */
  unitsOfGroup: (groupId: string) => Option[];
  update: (fn: (e: EngineScheme) => void) => void;
}) {
  const { t } = useTranslation();
  const wide = Grid.useBreakpoint().xl === true;
  const props = { engine, readOnly, update, departments };
  return (
    <Row gutter={16} wrap={false}>
      <Col flex="auto" style={{ minWidth: 0 }}>
        <Form layout="vertical" disabled={readOnly} className="ys-rules" data-testid="rules-panel">
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <BonusSection {...props} />
            <RankChangeSection {...props} />
            <PeriodsSection {...props} />
            <DeductionsSection {...props} />
            <VetoesSection {...props} />
            <RollUpsSection {...props} unitsOfGroup={unitsOfGroup} />
            <DisciplineSection {...props} />
            <CompositeSection {...props} groupName={groupName} />
            <EvaluationSection {...props} groupName={groupName} />
            <TieringSection {...props} />
            <ResultsUseSection {...props} />
            <PrecisionSection {...props} />
          </Space>
        </Form>
      </Col>
      {wide && (
        <Col flex="180px">
          {/* a table of contents for the long rules page */}
          <Anchor
            offsetTop={80}
            targetOffset={80}
            items={SECTIONS.map((k) => ({
              key: k,
              href: `#rules-${k}`,
              title: t(k === 'rollUps' ? 'rules.rollUps.title' : `rules.${k}`),
            }))}
            onClick={(e) => e.preventDefault() /* keep the URL; Anchor still scrolls */}
          />
        </Col>
      )}
    </Row>
  );
}
