import type { ReactNode } from 'react';
import { Button, Input, InputNumber, Table } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** An InputNumber that speaks `number | undefined` (an emptied box clears the field). */
export function Num({
  value,
  onChange,
  min,
  max,
  step,
  width,
  placeholder,
  testId,
  disabled,
}: {
  value: number | undefined | null;
  onChange: (v: number | undefined) => void;
  min?: number;
  max?: number;
  step?: number;
  width?: number | string;
  placeholder?: string;
  testId?: string;
  disabled?: boolean;
}) {
  return (
    <InputNumber
      value={value ?? null}
      onChange={(v) => onChange(typeof v === 'number' && Number.isFinite(v) ? v : undefined)}
      min={min}
      max={max}
      step={step}
      placeholder={placeholder}
      style={{ width: width ?? '100%' }}
      data-testid={testId}
      disabled={disabled}
    />
  );
}

export function Text({
  value,
  onChange,
  placeholder,
  testId,
  disabled,
}: {
  value: string | undefined | null;
  onChange: (v: string | undefined) => void;
  placeholder?: string;
  testId?: string;
  disabled?: boolean;
}) {
  return (
    <Input
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      placeholder={placeholder}
      data-testid={testId}
      disabled={disabled}
    />
  );
}

export interface RowCol<T> {
  key: string;
  title: ReactNode;
  width?: number;
  render: (row: T, set: (patch: Partial<T>) => void, index: number) => ReactNode;
}

/** A small editable table of rows (breakpoints, bonus categories, tiers …) with add and delete. */
export function RowsEditor<T extends object>({
  rows,
  columns,
  onChange,
  newRow,
  disabled,
  addLabel,
  testId,
}: {
  rows: T[];
  columns: RowCol<T>[];
  onChange: (rows: T[]) => void;
  newRow: () => T;
  disabled?: boolean;
  addLabel?: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const set = (i: number) => (patch: Partial<T>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div data-testid={testId}>
      <Table<T & { __i: number }>
        size="small"
        pagination={false}
        rowKey="__i"
        scroll={{ x: 'max-content' }}
        dataSource={rows.map((r, i) => ({ ...r, __i: i }))}
        locale={{ emptyText: t('rules.none') }}
        columns={[
          ...columns.map((c) => ({
            key: c.key,
            title: c.title,
            width: c.width,
            render: (_: unknown, r: T & { __i: number }) => c.render(rows[r.__i] ?? r, set(r.__i), r.__i),
          })),
          ...(disabled
            ? []
            : [
                {
                  key: '__del',
                  width: 44,
                  render: (_: unknown, r: T & { __i: number }) => (
                    <Button
                      type="text"
                      danger
                      size="small"
                      icon={<DeleteOutlined />}
                      aria-label={t('editor.tree.remove')}
                      onClick={() => onChange(rows.filter((_x, j) => j !== r.__i))}
                    />
                  ),
                },
              ]),
        ]}
      />
      {!disabled && (
        <Button
          type="dashed"
          size="small"
          icon={<PlusOutlined />}
          style={{ marginTop: 8 }}
          onClick={() => onChange([...rows, newRow()])}
          data-testid={testId ? `${testId}-add` : undefined}
        >
          {addLabel ?? t('rules.add')}
        </Button>
      )}
    </div>
  );
}

/** Record<string, number> as editable rows (grade → fraction, level → points, option → points). */
export function recordRows<V>(rec: Record<string, V> | undefined): { k: string; v: V }[] {
  return Object.entries(rec ?? {}).map(([k, v]) => ({ k, v }));
}

export function rowsRecord<V>(rows: { k: string; v: V }[]): Record<string, V> {
  const out: Record<string, V> = {};
  for (const r of rows) if (r.k) out[r.k] = r.v;
  return out;
}
