import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { RowsEditor, Text } from '../fields';
import type { Tiering } from '../model';

export type TieBreaker = NonNullable<Tiering['tieBreakers']>[number];

const TIE_BREAKER_KINDS = [
  'indicatorTotal',
  'evaluation',
  'raterGroup',
  'block',
  'indicator',
  'keyWork',
] as const satisfies readonly TieBreaker['kind'][];

/** An ordered list of tie breakers (used by the tiering and by the ranking). */
export function TieBreakers({
  rows,
  onChange,
  readOnly,
}: {
  rows: TieBreaker[];
  onChange: (rows: TieBreaker[]) => void;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  return (
    <RowsEditor<TieBreaker>
      rows={rows}
      disabled={readOnly}
      onChange={onChange}
      newRow={() => ({ kind: 'indicatorTotal' })}
      columns={[
        {
          key: 'kind',
          title: t('rules.condition'),
          render: (r, s) => (
            <Select
              value={r.kind}
              onChange={(v: TieBreaker['kind']) => s({ kind: v, id: undefined })}
              style={{ width: 220 }}
              options={TIE_BREAKER_KINDS.map((k) => ({ value: k, label: t(`rules.tieBreakerKinds.${k}`) }))}
            />
          ),
        },
        {
          key: 'id',
          title: t('rules.ref'),
          render: (r, s) =>
            ['raterGroup', 'block', 'indicator'].includes(r.kind) ? (
              <Text value={r.id} onChange={(v) => s({ id: v })} />
            ) : null,
        },
      ]}
    />
  );
}
