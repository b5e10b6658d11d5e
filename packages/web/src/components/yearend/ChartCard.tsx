// ECharts with only the charts and components the dashboards use (echarts/core keeps the chunk small).
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, Card, Segmented, Space, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { downloadCsv } from './YearSelect';

echarts.use([
  BarChart,
  LineChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  VisualMapComponent,
  DataZoomComponent,
  CanvasRenderer,
]);

export type ChartOption = Record<string, unknown>;

/**
 * A small ECharts host (echarts-for-react's core needs `tslib`, which the workspace does not hoist): init on
 * mount, setOption on change, resize with the container, dispose on unmount.
 */
function EChart({ option, height }: { option: ChartOption; height: number }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current);
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true, lazyUpdate: true });
  }, [option]);
  return <div ref={el} style={{ height, width: '100%' }} />;
}
export type Cell = string | number | null;

/** One dashboard chart: the chart or its data as a table, and a CSV export of that table. */
export function ChartCard({
  title,
  option,
  header,
  rows,
  filename,
  height = 320,
  extra,
  testId,
}: {
  title: ReactNode;
  option: ChartOption;
  header: string[];
  rows: Cell[][];
  filename: string;
  height?: number;
  extra?: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <Card
      size="small"
      title={title}
      data-testid={testId}
      extra={
        <Space wrap>
          {extra}
          <Segmented
            size="small"
            value={view}
            onChange={(v) => setView(v as 'chart' | 'table')}
            options={[
              { value: 'chart', label: t('yearend.dash.chart') },
              { value: 'table', label: t('yearend.dash.table') },
            ]}
          />
          <Button size="small" icon={<DownloadOutlined />} onClick={() => downloadCsv(filename, header, rows)}>
            CSV
          </Button>
        </Space>
      }
    >
      {view === 'chart' ? (
        <EChart option={option} height={height} />
      ) : (
        <Table
          size="small"
          rowKey={(_, i) => String(i)}
          pagination={rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
          scroll={{ x: true }}
          dataSource={rows.map((r) => Object.fromEntries(r.map((c, i) => [String(i), c])))}
          columns={header.map((h, i) => ({ title: h, dataIndex: String(i), key: String(i) }))}
        />
      )}
    </Card>
  );
}
