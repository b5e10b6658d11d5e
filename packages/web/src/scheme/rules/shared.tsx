import type { ReactNode } from 'react';
import { Card, Input, Select, Space, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { Option } from '../IndicatorPanel';
import type { EngineScheme } from '../model';

/** The record levels a bonus or per-level deduction is priced at. */
export const LEVELS = ['national', 'provincial', 'city', 'county'] as const;

/** What every rule section receives from the rules panel. */
export type RuleSectionProps = {
  engine: EngineScheme;
  readOnly: boolean;
  update: (fn: (e: EngineScheme) => void) => void;
  /** The county's departments, offered as a rule's data provider. */
  departments: readonly Option[];
};

/** One titled card on the rules page; its id is the table of contents' anchor. */
export function Section({
  title,
  help,
  id,
  children,
}: {
  title: ReactNode;
  help?: ReactNode;
  id: string;
  children: ReactNode;
}) {
  return (
    <Card size="small" title={title} className="ys-rule-card" id={`rules-${id}`} data-testid={`rules-${id}`}>
      {help && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {help}
        </Typography.Paragraph>
      )}
      {children}
    </Card>
  );
}

/** The rule id column of a RowsEditor. */
export function idCol<T extends { id: string }>(t: TFunction) {
  return {
    key: 'id',
    title: t('rules.id'),
    render: (r: T, s: (p: Partial<T>) => void) => (
      <Input
        value={r.id}
        onChange={(e) => s({ id: e.target.value } as Partial<T>)}
        style={{ width: 140 }}
        className="ys-mono"
      />
    ),
  };
}

/** The optional rule name column of a RowsEditor (an emptied box clears the name). */
export function nameCol<T extends { name?: string }>(t: TFunction) {
  return {
    key: 'name',
    title: t('rules.name'),
    render: (r: T, s: (p: Partial<T>) => void) => (
      <Input
        value={r.name ?? ''}
        onChange={(e) => s({ name: e.target.value || undefined } as Partial<T>)}
        style={{ minWidth: 140 }}
      />
    ),
  };
}

/**
 * The rule's name with, under it, the department that supplies its data (数据提供单位, optional): stacked in one
 * cell, as the rule tables are already wide.
 */
export function nameAndProviderCol<T extends { name?: string; provider?: string | undefined }>(
  t: TFunction,
  departments: readonly Option[],
  testId: string,
) {
  const name = nameCol<T>(t);
  return {
    ...name,
    render: (r: T, s: (p: Partial<T>) => void, i: number) => (
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        {name.render(r, s)}
        <Select
          size="small"
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('rules.provider')}
          value={r.provider}
          options={[...departments]}
          onChange={(v?: string) => s({ provider: v || undefined } as Partial<T>)}
          style={{ minWidth: 160, width: '100%' }}
          data-testid={`${testId}-provider-${i}`}
        />
      </Space>
    ),
  };
}

/** Options for choosing one of the scheme's tiers. */
export function tierOptions(engine: EngineScheme) {
  return engine.tiering.tiers.map((x) => ({ value: x.id, label: x.name ? `${x.name}（${x.id}）` : x.id }));
}
