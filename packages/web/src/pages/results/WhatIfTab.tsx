import { useState } from 'react';
import { Alert, Checkbox, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { resultsApi, type Source, type WhatIfItem } from '../../api/results';
import { LoadError } from '../../components/ListParts';
import { Working } from '../../components/useWork';
import { num } from './format';

/** 与上年方案对比: this year's data scored by last year's scheme, unit by unit (only the changed ones by default). */
export function WhatIfTab({ year, source, names }: { year: number; source: Source; names: Map<string, string> }) {
  const { t, i18n } = useTranslation();
  const [onlyChanged, setOnlyChanged] = useState(true);
  const q = useQuery({ queryKey: ['results', year, 'whatif', source], queryFn: () => resultsApi.whatIf(year, source) });
  if (q.error) return <LoadError error={q.error} />;
  if (!q.data) return <Working step={t('work.whatIf')} testId="whatif-working" />;
  const w = q.data;
  if (!w.available || !w.comparison)
    return (
      <Alert
        type="info"
        showIcon
        message={t('results.whatif.unavailable', {
          year: w.lastYear,
          reason:
            w.reason === 'noScheme'
              ? t('results.whatif.noScheme')
              : t('results.whatif.engineRefused', { detail: w.detail ?? w.reason ?? '' }),
        })}
      />
    );
  const c = w.comparison;
  // What last year's rules could not be matched with (by code), in the user's language.
  const um = w.unmatched;
  const item = (i: WhatIfItem) => (i.name ? `${i.name}（${i.id}）` : i.id);
  const unmatchedLines = um
    ? (['indicators', 'unusedIndicators', 'units', 'rules', 'raterGroups'] as const)
        .filter((k) => um[k].length > 0)
        .map((k) =>
          t(`results.whatif.unmatched.${k}`, {
            year: w.lastYear,
            count: um[k].length,
            items: um[k].map(item).join(i18n.language.startsWith('en') ? ', ' : '、'),
          }),
        )
    : [];
  const rows = onlyChanged ? c.units.filter((u) => u.tierMove !== 'same') : c.units;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text>{t('results.whatif.intro', { last: w.lastYear, year })}</Typography.Text>
      <Alert
        type="info"
        showIcon
        message={i18n.language.startsWith('en') ? c.text.en : c.text.zh}
        data-testid="whatif-text"
      />
      {unmatchedLines.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="whatif-unmatched"
          message={t('results.whatif.unmatched.title', { year: w.lastYear })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {unmatchedLines.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
          }
        />
      )}
      <Checkbox checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)}>
        {t('results.whatif.onlyChanged')}
      </Checkbox>
      <Table
        size="small"
        rowKey="unitId"
        dataSource={rows}
        pagination={{ pageSize: 15, size: 'small', showSizeChanger: false }}
        scroll={{ x: 800 }}
        columns={[
          { title: t('results.whatif.unit'), render: (_: unknown, u) => names.get(u.unitId) ?? u.unitId },
          {
            title: t('results.whatif.scoreA', { year: w.lastYear }),
            dataIndex: 'scoreA',
            render: (v: number) => num(v),
          },
          { title: t('results.whatif.scoreB'), dataIndex: 'scoreB', render: (v: number) => num(v) },
          { title: t('results.whatif.rankA', { year: w.lastYear }), dataIndex: 'rankA' },
          { title: t('results.whatif.rankB'), dataIndex: 'rankB' },
          { title: t('results.whatif.tierA', { year: w.lastYear }), dataIndex: 'tierNameA' },
          { title: t('results.whatif.tierB'), dataIndex: 'tierNameB' },
          {
            title: t('results.whatif.move'),
            dataIndex: 'tierMove',
            render: (m: string) => (
              <Tag color={m === 'up' ? 'green' : m === 'down' ? 'red' : 'default'}>{t(`results.whatif.${m}`)}</Tag>
            ),
          },
        ]}
      />
    </Space>
  );
}
