import { Input, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { RowsEditor, Text } from '../fields';
import type { EngineScheme } from '../model';
import { Section, idCol, nameCol, type RuleSectionProps } from './shared';

type Period = NonNullable<EngineScheme['periods']>[number];
type Window = NonNullable<EngineScheme['measurementWindow']>;
/** How the window is given: the calendar year (nothing stored), a start day each year, or explicit dates. */
type WindowMode = 'calendar' | 'start' | 'dates';

function windowMode(w: Window | undefined): WindowMode {
  if (!w) return 'calendar';
  return w.start !== undefined ? 'start' : 'dates';
}

/** A date field as phones and desktops offer it natively (YYYY-MM-DD, what the scheme stores). */
function DateField({
  value,
  onChange,
  testId,
}: {
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  testId?: string;
}) {
  return (
    <Input
      type="date"
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      style={{ width: 160 }}
      data-testid={testId}
    />
  );
}

/**
 * 考核周期与重要时段: the measurement window when it is not the calendar year (dated records outside it do not count),
 * and the named date windows (major-event security periods) a deduction rule may multiply inside.
 */
export function PeriodsSection({ engine, readOnly, update }: RuleSectionProps) {
  const { t } = useTranslation();
  const w = engine.measurementWindow;
  const mode = windowMode(w);
  const setWindow = (next: Window | undefined) =>
    update((e) => {
      if (next) e.measurementWindow = next;
      else delete e.measurementWindow;
    });
  return (
    <Section id="periods" title={t('rules.periods')} help={t('rules.periodsHelp')}>
      <Space wrap size={8} align="center" style={{ marginBottom: 12 }}>
        <span>{t('rules.window.label')}</span>
        <Select<WindowMode>
          value={mode}
          onChange={(m) =>
            setWindow(
              m === 'calendar'
                ? undefined
                : m === 'start'
                  ? { start: '12-01' }
                  : engine.year
                    ? { from: `${engine.year}-01-01`, to: `${engine.year}-12-31` }
                    : {},
            )
          }
          options={(['calendar', 'start', 'dates'] as const).map((m) => ({ value: m, label: t(`rules.window.${m}`) }))}
          style={{ width: 300 }}
          data-testid="rules-window-mode"
        />
        {mode === 'start' && (
          <>
            <span className="ys-muted">{t('rules.window.startDay')}</span>
            <div style={{ width: 110 }}>
              <Text value={w?.start} onChange={(v) => setWindow({ start: v ?? '' })} placeholder="12-01" />
            </div>
          </>
        )}
        {mode === 'dates' && (
          <>
            <DateField value={w?.from} onChange={(v) => setWindow({ ...w, from: v })} testId="rules-window-from" />
            <span className="ys-muted">{t('rules.window.to')}</span>
            <DateField value={w?.to} onChange={(v) => setWindow({ ...w, to: v })} testId="rules-window-to" />
          </>
        )}
      </Space>
      <Typography.Title level={5}>{t('rules.namedPeriods')}</Typography.Title>
      <RowsEditor<Period>
        rows={engine.periods ?? []}
        disabled={readOnly}
        testId="rules-periods"
        onChange={(rows) =>
          update((e) => {
            e.periods = rows;
          })
        }
        newRow={() => ({
          id: `period${(engine.periods?.length ?? 0) + 1}`,
          from: engine.year ? `${engine.year}-03-01` : '',
          to: engine.year ? `${engine.year}-03-15` : '',
        })}
        addLabel={t('rules.addPeriod')}
        columns={[
          idCol<Period>(t),
          nameCol<Period>(t),
          {
            key: 'from',
            title: t('rules.periodFrom'),
            render: (r, s, i) => (
              <DateField value={r.from} onChange={(v) => s({ from: v ?? '' })} testId={`rules-period-from-${i}`} />
            ),
          },
          {
            key: 'to',
            title: t('rules.periodTo'),
            render: (r, s, i) => (
              <DateField value={r.to} onChange={(v) => s({ to: v ?? '' })} testId={`rules-period-to-${i}`} />
            ),
          },
        ]}
      />
    </Section>
  );
}
