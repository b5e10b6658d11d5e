import { Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Num, RowsEditor } from '../fields';
import { leafIndicators } from '../flags';
import type { DeductionRule } from '../model';
import { DeductionAmountField } from './DeductionAmountField';
import { DEDUCTION_AMOUNT_KINDS, defaultAmount, type AmountKind } from './deductionAmount';
import { Section, idCol, nameAndProviderCol, type RuleSectionProps } from './shared';

/** 扣分: the deduction rules (an amount kind each) and the caps over groups of them. */
export function DeductionsSection({ engine, readOnly, update, departments }: RuleSectionProps) {
  const { t } = useTranslation();
  const periodOptions = (engine.periods ?? []).map((p) => ({ value: p.id, label: p.name || p.id }));
  // every leaf some group scores, once (a measured rule reads one)
  const seen = new Set<string>();
  const leaves = leafIndicators([...(engine.blocks ?? []), ...engine.groups.flatMap((g) => g.blocks ?? [])]).filter(
    (l) => !seen.has(l.id) && seen.add(l.id),
  );
  return (
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
          idCol<DeductionRule>(t),
          nameAndProviderCol<DeductionRule>(t, departments, 'rules-deductions'),
          {
            key: 'kind',
            title: t('rules.amountKind'),
            render: (r, s, i) => (
              <Select
                value={r.amount.kind}
                onChange={(k: AmountKind) => s({ amount: defaultAmount(k) })}
                style={{ width: 160 }}
                options={DEDUCTION_AMOUNT_KINDS.map((k) => ({
                  value: k,
                  label: t(`rules.amountKinds.${k}`),
                }))}
                data-testid={`rules-deduction-kind-${i}`}
              />
            ),
          },
          {
            key: 'amount',
            title: t('rules.amount'),
            render: (r, s, i) => (
              <DeductionAmountField amount={r.amount} onChange={(amount) => s({ amount })} index={i} leaves={leaves} />
            ),
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
            key: 'period',
            title: t('rules.periodMultiplier'),
            render: (r, s, i) => (
              <Space direction="vertical" size={4}>
                <Num
                  value={r.periodMultiplier}
                  onChange={(v) => s({ periodMultiplier: v })}
                  min={0}
                  step={0.5}
                  width={76}
                  testId={`rules-deduction-periodMultiplier-${i}`}
                />
                {periodOptions.length > 0 && (
                  <Select
                    mode="multiple"
                    allowClear
                    value={r.periods ?? []}
                    onChange={(v: string[]) => s({ periods: v.length > 0 ? v : undefined })}
                    options={periodOptions}
                    placeholder={t('rules.allPeriods')}
                    style={{ minWidth: 160 }}
                    data-testid={`rules-deduction-periods-${i}`}
                  />
                )}
              </Space>
            ),
          },
          {
            key: 'combine',
            title: t('rules.combine'),
            render: (r, s) => (
              <Select
                value={r.combine ?? 'max'}
                onChange={(v: 'max' | 'product') => s({ combine: v })}
                options={(['max', 'product'] as const).map((c) => ({ value: c, label: t(`rules.combines.${c}`) }))}
                style={{ width: 170 }}
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
      <DeductionCaps engine={engine} readOnly={readOnly} update={update} />
    </Section>
  );
}

type DeductionCap = NonNullable<RuleSectionProps['engine']['deductionCaps']>[number];

/** Caps over a set of deduction rules together. */
function DeductionCaps({ engine, readOnly, update }: Omit<RuleSectionProps, 'departments'>) {
  const { t } = useTranslation();
  const ruleOptions = (engine.deductions ?? []).map((d) => ({ value: d.id, label: d.name ?? d.id }));
  return (
    <RowsEditor<DeductionCap>
      rows={engine.deductionCaps ?? []}
      disabled={readOnly}
      onChange={(rows) =>
        update((e) => {
          e.deductionCaps = rows;
        })
      }
      newRow={() => ({ id: `cap${(engine.deductionCaps?.length ?? 0) + 1}`, rules: [], limit: 5 })}
      columns={[
        idCol<DeductionCap>(t),
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
  );
}
