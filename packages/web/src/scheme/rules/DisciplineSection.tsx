import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { Num } from '../fields';
import { Section, type RuleSectionProps } from './shared';

/** 违纪违法降等: how many tiers a discipline case moves a unit down. */
export function DisciplineSection({ engine, update }: RuleSectionProps) {
  const { t } = useTranslation();
  return (
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
  );
}
