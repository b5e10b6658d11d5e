import { useEffect } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { feedbackApi } from '../../api/yearend';
import { toCsv, type CsvValue } from '../../lib/csv';
import { saveBlob } from '../ExcelButtons';

/** The published years (latest first); picks the latest when nothing is chosen yet. */
export function usePublishedYears() {
  return useQuery({ queryKey: ['feedback', 'years'], queryFn: () => feedbackApi.years() });
}

export function YearSelect({
  value,
  onChange,
  withNext = false,
  testId = 'year-select',
}: {
  value: number | undefined;
  onChange: (year: number) => void;
  /** Also offer the year after the latest published one (the year in progress, on the dashboards). */
  withNext?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const years = usePublishedYears();
  const published = (years.data?.years ?? []).map((y) => y.year);
  const latest = published[published.length - 1];
  const all = [...new Set([...published, ...(withNext && latest !== undefined ? [latest + 1] : [])])].sort(
    (a, b) => b - a,
  );
  useEffect(() => {
    if (value === undefined && latest !== undefined) onChange(latest);
  }, [value, latest, onChange]);
  return (
    <Select
      value={value}
      onChange={onChange}
      loading={years.isLoading}
      style={{ width: 130 }}
      placeholder={t('yearend.common.year')}
      data-testid={testId}
      options={all.map((y) => ({
        value: y,
        label: published.includes(y)
          ? t('yearend.common.yearLabel', { year: y })
          : t('yearend.common.yearUnpublished', { year: y }),
      }))}
    />
  );
}

/**
 * Builds a CSV (UTF-8 with BOM, so Excel opens Chinese correctly) and saves it. Cells that a spreadsheet would
 * run as formulas are neutralised (lib/csv.ts).
 */
export function downloadCsv(filename: string, header: string[], rows: CsvValue[][]) {
  const text = toCsv(header, rows);
  const blob = new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' });
  saveBlob(blob, filename);
}
