import { useState } from 'react';
import { Alert, Col, Empty, Row, Select, Space, Statistic, Card } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unitsApi } from '../api/endpoints';
import { dashboardsApi, type CountyDashboard, type UnitDashboard } from '../api/yearend';
import { useSignedIn } from '../auth/session';
import { LoadError } from '../components/ListParts';
import { PageHeader } from '../components/PageHeader';
import { ChartCard, type Cell } from '../components/yearend/ChartCard';
import { heatmapTooltip } from '../components/yearend/heatmapTooltip';
import { YearSelect } from '../components/yearend/YearSelect';
import { historyRank } from '../components/yearend/history';

const TIER_COLORS = ['#1677ff', '#52c41a', '#faad14', '#f5222d', '#8c8c8c'];

function GroupPicker({
  groups,
  value,
  onChange,
}: {
  groups: { groupId: string; groupName: string }[];
  value: string | undefined;
  onChange: (v: string) => void;
}) {
  return (
    <Select
      size="small"
      style={{ width: 130 }}
      value={value ?? groups[0]?.groupId}
      onChange={onChange}
      options={groups.map((g) => ({ value: g.groupId, label: g.groupName }))}
    />
  );
}

function County({ d }: { d: CountyDashboard }) {
  const { t, i18n } = useTranslation();
  const [rankGroup, setRankGroup] = useState<string>();
  const [heatGroup, setHeatGroup] = useState<string>();
  const r = d.results;
  const yr = d.year;

  const tierNames = r ? [...new Set(r.tierDistribution.flatMap((g) => g.tiers.map((x) => x.name)))] : [];
  const ranking = r?.ranking.find((g) => g.groupId === (rankGroup ?? r.ranking[0]?.groupId));
  const heat = r?.heatmap.find((g) => g.groupId === (heatGroup ?? r.heatmap[0]?.groupId));

  const heatData: [number, number, number | null][] = [];
  heat?.fractions.forEach((row, j) =>
    row.forEach((v, i) => heatData.push([i, j, v === null ? null : Math.round(v * 100)])),
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {!d.published && <Alert type="info" showIcon message={t('yearend.dash.notPublished', { year: yr })} />}
      {r && <Alert type="warning" showIcon message={i18n.language === 'en' ? r.headlineEn : r.headline} />}
      <Row gutter={[16, 16]}>
        {r && (
          <Col xs={24} xl={12}>
            <ChartCard
              testId="chart-tiers"
              title={t('yearend.dash.tiers')}
              filename={`${yr}-tiers.csv`}
              header={[t('yearend.common.group'), ...tierNames]}
              rows={r.tierDistribution.map((g) => [
                g.groupName,
                ...tierNames.map((n) => g.tiers.find((x) => x.name === n)?.count ?? 0),
              ])}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { top: 0 },
                grid: { left: 40, right: 16, top: 36, bottom: 28, containLabel: true },
                xAxis: {
                  type: 'category',
                  data: r.tierDistribution.map((g) => g.groupName),
                  // every group named, wrapped on a phone rather than skipped
                  axisLabel: { interval: 0, width: 64, overflow: 'break' },
                },
                yAxis: { type: 'value', minInterval: 1 },
                series: tierNames.map((n, i) => ({
                  name: n,
                  type: 'bar',
                  stack: 'tiers',
                  itemStyle: { color: TIER_COLORS[i % TIER_COLORS.length] },
                  data: r.tierDistribution.map((g) => g.tiers.find((x) => x.name === n)?.count ?? 0),
                })),
              }}
            />
          </Col>
        )}
        {r && ranking && (
          <Col xs={24} xl={12}>
            <ChartCard
              testId="chart-ranking"
              title={t('yearend.dash.ranking')}
              extra={<GroupPicker groups={r.ranking} value={rankGroup} onChange={setRankGroup} />}
              filename={`${yr}-ranking-${ranking.groupId}.csv`}
              header={[
                t('yearend.common.rank'),
                t('yearend.common.unit'),
                t('yearend.common.composite'),
                t('yearend.common.tier'),
                ...d.years.map((y) => `${y}`),
              ]}
              rows={ranking.units.map((u) => [
                u.rank,
                u.unitName,
                u.composite,
                u.tierName,
                ...d.years.map((y) => u.trend.find((x) => x.year === y)?.rank ?? null),
              ])}
              height={Math.max(320, ranking.units.length * 18)}
              option={{
                tooltip: { trigger: 'axis' },
                grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
                xAxis: { type: 'value', scale: true },
                yAxis: { type: 'category', inverse: true, data: ranking.units.map((u) => u.unitName) },
                series: [
                  {
                    type: 'bar',
                    data: ranking.units.map((u) => u.composite),
                    label: { show: true, position: 'right', fontSize: 10 },
                  },
                ],
              }}
            />
          </Col>
        )}
        {r && ranking && d.years.length > 1 && (
          <Col xs={24}>
            <ChartCard
              testId="chart-trend"
              title={t('yearend.dash.trend')}
              filename={`${yr}-trend-${ranking.groupId}.csv`}
              header={[t('yearend.common.unit'), ...d.years.map(String)]}
              rows={ranking.units.map((u) => [
                u.unitName,
                ...d.years.map((y) => u.trend.find((x) => x.year === y)?.rank ?? null),
              ])}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { type: 'scroll', top: 0 },
                grid: { left: 40, right: 16, top: 40, bottom: 24 },
                xAxis: { type: 'category', data: d.years.map(String) },
                yAxis: { type: 'value', inverse: true, minInterval: 1, name: t('yearend.common.rank') },
                series: ranking.units.map((u) => ({
                  name: u.unitName,
                  type: 'line',
                  data: d.years.map((y) => u.trend.find((x) => x.year === y)?.rank ?? null),
                })),
              }}
            />
          </Col>
        )}
        {r && heat && (
          <Col xs={24}>
            <ChartCard
              testId="chart-heatmap"
              title={t('yearend.dash.heatmap')}
              extra={<GroupPicker groups={r.heatmap} value={heatGroup} onChange={setHeatGroup} />}
              filename={`${yr}-discrimination-${heat.groupId}.csv`}
              header={[
                t('yearend.common.indicator'),
                t('yearend.dash.fullMarkRate'),
                t('yearend.dash.sd'),
                t('yearend.dash.flag'),
                ...heat.units.map((u) => u.name),
              ]}
              rows={heat.indicators.map((ind, j) => [
                ind.name,
                Math.round(ind.fullMarkRate * 1000) / 10,
                ind.sd,
                ind.nonDiscriminating ? t('yearend.dash.flagged') : '',
                ...(heat.fractions[j] ?? []).map((v): Cell => (v === null ? null : Math.round(v * 1000) / 10)),
              ])}
              height={Math.max(360, heat.indicators.length * 16 + 120)}
              option={{
                tooltip: {
                  position: 'top',
                  formatter: heatmapTooltip(heat.indicators, heat.units),
                },
                grid: { left: 8, right: 16, top: 8, bottom: 70, containLabel: true },
                xAxis: {
                  type: 'category',
                  data: heat.units.map((u) => u.name),
                  axisLabel: { rotate: 60, fontSize: 10 },
                  splitArea: { show: true },
                },
                yAxis: {
                  type: 'category',
                  data: heat.indicators.map((i) => (i.nonDiscriminating ? `⚠ ${i.name}` : i.name)),
                  axisLabel: { fontSize: 10, width: 160, overflow: 'truncate' },
                },
                visualMap: {
                  min: 0,
                  max: 100,
                  calculable: true,
                  orient: 'horizontal',
                  left: 'center',
                  bottom: 0,
                  itemHeight: 120,
                  inRange: { color: ['#f5222d', '#fadb14', '#52c41a'] },
                },
                series: [{ type: 'heatmap', data: heatData, emphasis: { itemStyle: { borderColor: '#333' } } }],
              }}
            />
          </Col>
        )}
        <Col xs={24} xl={12}>
          <ChartCard
            testId="chart-redlights"
            title={t('yearend.dash.redLights')}
            filename={`${yr}-red-lights.csv`}
            header={[t('yearend.common.unit'), ...d.redLights.months]}
            rows={d.redLights.units.map((u) => [u.unitName, ...u.months])}
            option={
              d.redLights.units.length === 0
                ? {
                    title: {
                      text: t('yearend.dash.noRed'),
                      left: 'center',
                      top: 'middle',
                      textStyle: { fontSize: 13, color: '#999' },
                    },
                  }
                : {
                    tooltip: { trigger: 'axis' },
                    legend: { type: 'scroll', top: 0 },
                    grid: { left: 32, right: 16, top: 40, bottom: 24 },
                    xAxis: { type: 'category', data: d.redLights.months.map((m) => m.slice(5)) },
                    yAxis: { type: 'value', minInterval: 1 },
                    series: d.redLights.units.map((u) => ({
                      name: u.unitName,
                      type: 'bar',
                      stack: 'red',
                      data: u.months,
                    })),
                  }
            }
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            testId="chart-city"
            title={t('yearend.dash.city')}
            filename={`${yr}-city.csv`}
            header={[
              t('yearend.dash.cityIndicator'),
              t('yearend.dash.lead'),
              t('yearend.dash.cityScore'),
              t('yearend.dash.cityRank'),
              t('yearend.dash.green'),
              t('yearend.dash.yellow'),
              t('yearend.dash.red'),
            ]}
            rows={d.city.map((c) => [
              c.name,
              c.leadUnitName,
              c.resultScore === null ? null : `${c.resultScore}/${c.resultMax ?? ''}`,
              c.resultRank,
              c.nodes.green,
              c.nodes.yellow,
              c.nodes.red,
            ])}
            option={
              d.city.length === 0 || d.city.every((c) => c.nodes.total === 0)
                ? {
                    title: {
                      text:
                        d.city.length === 0
                          ? t('yearend.dash.noCity')
                          : d.city
                              .map((c) =>
                                t('yearend.dash.cityNoNodes', {
                                  name: c.name,
                                  score: c.resultScore === null ? '—' : `${c.resultScore}/${c.resultMax ?? ''}`,
                                  rank: c.resultRank ?? '—',
                                }),
                              )
                              .join('\n'),
                      left: 'center',
                      top: 'middle',
                      textStyle: { fontSize: 13, color: '#999' },
                    },
                  }
                : {
                    tooltip: { trigger: 'axis' },
                    legend: { top: 0 },
                    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
                    xAxis: { type: 'value', minInterval: 1 },
                    yAxis: {
                      type: 'category',
                      inverse: true,
                      data: d.city.map((c) => c.name),
                      axisLabel: { width: 120, overflow: 'truncate' },
                    },
                    series: (['green', 'yellow', 'red'] as const).map((k) => ({
                      name: t(`yearend.dash.${k}`),
                      type: 'bar',
                      stack: 'nodes',
                      itemStyle: { color: { green: '#52c41a', yellow: '#faad14', red: '#f5222d' }[k] },
                      data: d.city.map((c) => c.nodes[k]),
                    })),
                  }
            }
          />
        </Col>
        {d.yearOverYear.length > 0 && (
          <Col xs={24}>
            <ChartCard
              testId="chart-yoy"
              title={t('yearend.dash.yoy')}
              filename="year-over-year.csv"
              header={[
                t('yearend.common.year'),
                t('yearend.dash.units'),
                t('yearend.dash.avgComposite'),
                t('yearend.dash.vetoed'),
                t('yearend.dash.downgraded'),
                t('yearend.dash.fullMarkShare'),
                t('yearend.dash.redLightsN'),
                t('yearend.dash.redUnits'),
              ]}
              rows={d.yearOverYear.map((y) => [
                y.year,
                y.units,
                y.averageComposite,
                y.vetoed,
                y.downgraded,
                Math.round(y.fullMarkShare * 1000) / 10,
                y.redLights,
                y.redUnits,
              ])}
              height={280}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { top: 0 },
                grid: { left: 40, right: 40, top: 40, bottom: 24 },
                xAxis: { type: 'category', data: d.yearOverYear.map((y) => String(y.year)) },
                yAxis: [
                  { type: 'value', name: t('yearend.dash.avgComposite'), scale: true },
                  { type: 'value', name: '%' },
                ],
                series: [
                  {
                    name: t('yearend.dash.avgComposite'),
                    type: 'line',
                    data: d.yearOverYear.map((y) => y.averageComposite),
                  },
                  {
                    name: t('yearend.dash.fullMarkShare'),
                    type: 'bar',
                    barMaxWidth: 48,
                    yAxisIndex: 1,
                    data: d.yearOverYear.map((y) => Math.round(y.fullMarkShare * 1000) / 10),
                  },
                  {
                    name: t('yearend.dash.redLightsN'),
                    type: 'bar',
                    barMaxWidth: 48,
                    data: d.yearOverYear.map((y) => y.redLights),
                  },
                ],
              }}
            />
          </Col>
        )}
      </Row>
    </Space>
  );
}

function Unit({ d }: { d: UnitDashboard }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('yearend.common.rank')}
              value={d.result ? d.result.rank : '—'}
              suffix={d.result ? `/ ${d.result.groupSize}` : undefined}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('yearend.common.tier')} value={d.result?.tierName ?? '—'} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('yearend.dash.redNow')} value={d.lights.now.red} valueStyle={{ color: '#f5222d' }} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('yearend.dash.yellowNow')}
              value={d.lights.now.yellow}
              valueStyle={{ color: '#faad14' }}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <ChartCard
            testId="chart-unit-trend"
            title={t('yearend.dash.myTrend')}
            filename={`${d.unit.code}-rank.csv`}
            header={[
              t('yearend.common.year'),
              t('yearend.common.rank'),
              t('yearend.common.tier'),
              t('yearend.common.composite'),
            ]}
            rows={d.history.map((h) => [
              h.source === 'history' ? `${h.year}（${t('yearend.feedback.historyBefore')}）` : h.year,
              historyRank(h),
              h.tierName,
              h.composite ?? '',
            ])}
            height={260}
            option={{
              tooltip: { trigger: 'axis' },
              grid: { left: 40, right: 16, top: 28, bottom: 40 },
              xAxis: {
                type: 'category',
                data: d.history.map((h) =>
                  h.source === 'history' ? `${h.year}\n${t('yearend.feedback.historyBefore')}` : String(h.year),
                ),
              },
              yAxis: {
                type: 'value',
                inverse: true,
                minInterval: 1,
                min: 1,
                max: Math.max(1, ...d.history.map((h) => h.groupSize ?? h.rank ?? 1)),
              },
              series: [{ type: 'line', data: d.history.map((h) => h.rank), label: { show: true }, symbolSize: 10 }],
            }}
          />
        </Col>
        <Col xs={24} lg={12}>
          <ChartCard
            testId="chart-unit-lights"
            title={t('yearend.dash.myLights', { year: d.year })}
            filename={`${d.unit.code}-${d.year}-lights.csv`}
            header={[t('yearend.dash.month'), t('yearend.dash.red'), t('yearend.dash.yellow')]}
            rows={d.lights.months.map((m, i) => [m, d.lights.red[i] ?? 0, d.lights.yellow[i] ?? 0])}
            height={260}
            option={{
              tooltip: { trigger: 'axis' },
              legend: { top: 0 },
              grid: { left: 32, right: 16, top: 32, bottom: 24 },
              xAxis: { type: 'category', data: d.lights.months.map((m) => m.slice(5)) },
              yAxis: { type: 'value', minInterval: 1 },
              series: [
                { name: t('yearend.dash.red'), type: 'bar', itemStyle: { color: '#f5222d' }, data: d.lights.red },
                { name: t('yearend.dash.yellow'), type: 'bar', itemStyle: { color: '#faad14' }, data: d.lights.yellow },
              ],
            }}
          />
        </Col>
        <Col xs={24}>
          <ChartCard
            testId="chart-unit-lost"
            title={t('yearend.dash.myLost')}
            filename={`${d.unit.code}-${d.year}-lost.csv`}
            header={[
              t('yearend.common.indicator'),
              t('yearend.common.points'),
              t('yearend.common.score'),
              t('yearend.common.average'),
              t('yearend.common.lost'),
            ]}
            rows={d.lostPoints.map((l) => [l.name, l.points, l.score, l.average, l.lost])}
            height={Math.max(220, d.lostPoints.length * 30)}
            option={{
              tooltip: { trigger: 'axis' },
              legend: { top: 0 },
              grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
              xAxis: { type: 'value' },
              yAxis: {
                type: 'category',
                inverse: true,
                data: d.lostPoints.map((l) => l.name),
                axisLabel: { width: 110, overflow: 'truncate' },
              },
              series: [
                {
                  name: t('yearend.common.lost'),
                  type: 'bar',
                  itemStyle: { color: '#f5222d' },
                  data: d.lostPoints.map((l) => l.lost),
                },
                {
                  name: t('yearend.dash.avgLost'),
                  type: 'bar',
                  itemStyle: { color: '#bfbfbf' },
                  data: d.lostPoints.map((l) => Math.round((l.points - l.average) * 100) / 100),
                },
              ],
            }}
          />
        </Col>
      </Row>
    </Space>
  );
}

export default function DashboardsPage() {
  const { t } = useTranslation();
  const { can, user } = useSignedIn();
  const county = can('dashboards:county');
  const [year, setYear] = useState<number | undefined>();
  // Leaders and the office may open one unit's own dashboard instead of the county's.
  const [unitId, setUnitId] = useState<string | undefined>();
  const units = useQuery({
    queryKey: ['units', 'all'],
    queryFn: () => unitsApi.list({ page: 1, pageSize: 500 }),
    enabled: county,
  });
  const countyQ = useQuery({
    queryKey: ['dashboards', 'county', year],
    queryFn: () => dashboardsApi.county(year ?? 0),
    enabled: county && !unitId && year !== undefined,
  });
  const unitQ = useQuery({
    queryKey: ['dashboards', 'unit', year, unitId],
    queryFn: () => dashboardsApi.unit(year ?? 0, unitId),
    enabled: year !== undefined && (county ? unitId !== undefined : user.role === 'unit'),
  });
  const showUnit = !county || unitId !== undefined;
  const error = showUnit ? unitQ.error : countyQ.error;
  return (
    <>
      <PageHeader
        title={
          showUnit
            ? t('yearend.dash.unitTitle', { unit: unitQ.data?.unit.name ?? user.unitName ?? '' })
            : t('yearend.dash.title')
        }
        subtitle={showUnit ? t('yearend.dash.unitSubtitle') : t('yearend.dash.subtitle')}
        extra={
          <Space wrap>
            {county && (
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                style={{ width: 200 }}
                placeholder={t('yearend.dash.pickUnit')}
                value={unitId}
                onChange={(v?: string) => setUnitId(v)}
                options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.code} ${u.name}` }))}
                data-testid="dashboard-unit"
              />
            )}
            <YearSelect value={year} onChange={setYear} withNext />
          </Space>
        }
      />
      {error ? <LoadError error={error} /> : null}
      {!showUnit && countyQ.data && <County d={countyQ.data} />}
      {showUnit && unitQ.data && <Unit d={unitQ.data} />}
      {!county && user.role !== 'unit' && <Empty description={t('yearend.dash.noDashboard')} />}
    </>
  );
}
