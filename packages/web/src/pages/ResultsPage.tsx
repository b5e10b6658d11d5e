import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  resultsApi,
  type IndicatorDiagnostics,
  type RankingGroup,
  type RankingRow,
  type ReviewView,
  type SnapshotInfo,
  type Source,
  type WhatIfItem,
} from '../api/results';
import { useSignedIn } from '../auth/session';
import { saveBlob } from '../components/ExcelButtons';
import { errorMessage } from '../components/errors';
import { LoadError } from '../components/ListParts';
import { PageHeader } from '../components/PageHeader';
import { CorrectionsCard, TieAlert, TieDecisionModal, TieDecisionsCard } from '../components/yearend/governance';
import { BlockerTable } from '../components/yearend/Blockers';

const STATUS_COLORS: Record<string, string> = {
  none: 'default',
  computed: 'processing',
  approved: 'warning',
  published: 'success',
};

/** Flags severity first (docs/scoring.md §11). */
const SEVERITY_RANK: Record<string, number> = { severe: 0, high: 1, medium: 2, none: 3 };
const SEVERITY_COLORS: Record<string, string> = { severe: 'red', high: 'orange', medium: 'gold' };

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? '—' : x.toFixed(d));
const when = (iso: string | null | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');

function RankingTable({ group, year, canDecide }: { group: RankingGroup; year: number; canDecide: boolean }) {
  const { t } = useTranslation();
  const [deciding, setDeciding] = useState<RankingGroup['ties'][number] | null>(null);
  const columns: ColumnsType<RankingRow> = [
    { title: t('results.ranking.rank'), dataIndex: 'rank', width: 64 },
    { title: t('results.ranking.unit'), dataIndex: 'unitName', width: 200 },
    {
      title: t('results.ranking.indicatorTotal'),
      dataIndex: 'indicatorTotal',
      align: 'right',
      render: (v: number) => num(v),
    },
    {
      title: t('results.ranking.evaluation'),
      dataIndex: 'evaluation',
      align: 'right',
      render: (v: number | null) => num(v),
    },
    { title: t('results.ranking.bonus'), dataIndex: 'bonus', align: 'right', render: (v: number) => num(v) },
    { title: t('results.ranking.deductions'), dataIndex: 'deductions', align: 'right', render: (v: number) => num(v) },
    {
      title: t('results.ranking.composite'),
      dataIndex: 'composite',
      align: 'right',
      render: (v: number) => <b>{num(v)}</b>,
    },
    {
      title: t('results.ranking.tier'),
      dataIndex: 'tierName',
      render: (v: string, r) => <Tag color={['green', 'blue', 'gold', 'red'][r.tierIndex] ?? 'default'}>{v}</Tag>,
    },
    {
      title: t('results.ranking.marks'),
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          {r.vetoNames.length > 0 && (
            <Tag color="red">{t('results.ranking.veto', { names: r.vetoNames.join('、') })}</Tag>
          )}
          {r.downgraded && <Tag color="volcano">{t('results.ranking.downgraded')}</Tag>}
          {r.overridden && <Tag>{t('results.ranking.overridden', { tier: r.naturalTierName })}</Tag>}
          {r.tie && <Tag color="purple">{t('results.ranking.tie')}</Tag>}
          {r.flags.map((f) => (
            <Tag key={f}>{f}</Tag>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <Card
      size="small"
      title={`${group.name}（${t('results.ranking.units', { count: group.unitCount })}）`}
      style={{ marginBottom: 12 }}
      extra={
        <Space size={4} wrap>
          {group.quotas.map((q) => (
            <Tag key={q.tier}>
              {t('results.ranking.quota', { tier: q.tierName, filled: q.filled, quota: q.quota ?? '—' })}
            </Tag>
          ))}
        </Space>
      }
      data-testid={`ranking-${group.groupId}`}
    >
      {group.ties.map((tie) => (
        <TieAlert key={tie.tier} group={group} tie={tie} onDecide={canDecide ? setDeciding : undefined} />
      ))}
      {canDecide && <TieDecisionModal year={year} group={group} tie={deciding} onClose={() => setDeciding(null)} />}
      <Table
        size="small"
        rowKey="unitCode"
        columns={columns}
        dataSource={group.rows}
        pagination={false}
        scroll={{ x: 900 }}
      />
    </Card>
  );
}

function RankingTab({ year, source, canDecide }: { year: number; source: Source; canDecide: boolean }) {
  const q = useQuery({
    queryKey: ['results', year, 'ranking', source],
    queryFn: () => resultsApi.ranking(year, source),
  });
  if (q.error) return <LoadError error={q.error} />;
  if (!q.data) return <Card loading />;
  return (
    <>
      {q.data.groups.map((g) => (
        <RankingTable key={g.groupId} group={g} year={year} canDecide={canDecide && source === 'preview'} />
      ))}
    </>
  );
}

function DiagnosticsTab({ year, source, names }: { year: number; source: Source; names: Map<string, string> }) {
  const { t, i18n } = useTranslation();
  const [flaggedOnly, setFlaggedOnly] = useState(true);
  const q = useQuery({
    queryKey: ['results', year, 'diagnostics', source],
    queryFn: () => resultsApi.diagnostics(year, source),
  });
  if (q.error) return <LoadError error={q.error} />;
  if (!q.data) return <Card loading />;
  const h = q.data.headline;
  const columns: ColumnsType<IndicatorDiagnostics> = [
    { title: t('results.diagnostics.indicator'), render: (_: unknown, d) => d.name ?? d.indicatorId, width: 220 },
    { title: t('results.diagnostics.assessor'), dataIndex: 'assessorId' },
    { title: t('results.diagnostics.points'), dataIndex: 'points', align: 'right' },
    {
      title: t('results.diagnostics.fullMarkRate'),
      dataIndex: 'fullMarkRate',
      align: 'right',
      render: (v: number) => pct(v),
    },
    { title: t('results.diagnostics.distinct'), dataIndex: 'distinctCount', align: 'right' },
    { title: t('results.diagnostics.cv'), dataIndex: 'cv', align: 'right', render: (v: number | null) => num(v, 3) },
    {
      title: t('results.diagnostics.discrimination'),
      dataIndex: 'discriminationIndex',
      align: 'right',
      render: (v: number | null) => num(v, 2),
    },
    {
      title: t('results.diagnostics.rankImpact'),
      dataIndex: 'rankImpact',
      align: 'right',
      render: (v: number) => num(v, 2),
    },
    {
      title: t('results.diagnostics.reasons'),
      render: (_: unknown, d) => (
        <Space size={4} wrap>
          {d.severity !== 'none' && (
            <Tag color={SEVERITY_COLORS[d.severity] ?? 'orange'}>
              {t(`results.diagnostics.severities.${d.severity}`, { defaultValue: d.severity })}
            </Tag>
          )}
          {d.reasons.map((r) => (
            <Tag key={r.code}>{t(`results.diagnostics.reasonCodes.${r.code}`)}</Tag>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert
        type={h.fullMarkIndicators > 0 ? 'warning' : 'success'}
        showIcon
        data-testid="diagnostics-headline"
        message={t('results.diagnostics.headline', {
          indicators: h.indicators,
          full: h.fullMarkIndicators,
          share: pct(h.indicatorShare),
          points: pct(h.pointsShare),
        })}
        description={
          h.assessors.length > 0
            ? `${t('results.diagnostics.owners')}：${h.assessors.map((a) => `${a.name}（${a.count}）`).join('、')}`
            : undefined
        }
      />
      {q.data.counts && (
        <Typography.Text data-testid="diagnostics-counts">
          {t('results.diagnostics.counts', { ...q.data.counts })}
        </Typography.Text>
      )}
      <Checkbox checked={flaggedOnly} onChange={(e) => setFlaggedOnly(e.target.checked)}>
        {t('results.diagnostics.flaggedOnly')}
      </Checkbox>
      {q.data.groups.map((g) => (
        <Card
          key={g.groupId}
          size="small"
          title={`${names.get(g.groupId) ?? g.groupId} · ${i18n.language.startsWith('en') ? g.headline.text.en : g.headline.text.zh}`}
        >
          <Table
            size="small"
            rowKey="indicatorId"
            columns={columns}
            dataSource={
              flaggedOnly
                ? g.indicators
                    .filter((d) => d.nonDiscriminating)
                    .sort((a, b) => (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9))
                : g.indicators
            }
            pagination={{ pageSize: 10, size: 'small', showSizeChanger: false }}
            scroll={{ x: 1000 }}
          />
          <Typography.Text strong>{t('results.diagnostics.redundancy')}：</Typography.Text>
          {g.redundancy.length === 0 ? (
            <Typography.Text type="secondary">{t('results.diagnostics.noRedundancy')}</Typography.Text>
          ) : (
            g.redundancy.map((p) => (
              <Tag key={`${p.indicatorA}|${p.indicatorB}`}>
                {p.indicatorA} ↔ {p.indicatorB} r={p.correlation.toFixed(2)}
              </Tag>
            ))
          )}
        </Card>
      ))}
    </Space>
  );
}

function SensitivityTab({ year, source, names }: { year: number; source: Source; names: Map<string, string> }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['results', year, 'sensitivity', source],
    queryFn: () => resultsApi.sensitivity(year, source),
  });
  if (q.error) return <LoadError error={q.error} />;
  if (!q.data) return <Card loading />;
  const s = q.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text>
        {t('results.sensitivity.intro', { spread: pct(s.spread), runs: s.runs, seed: s.seed })}
      </Typography.Text>
      <Alert
        type={s.fragileBoundaries > 0 ? 'warning' : 'success'}
        showIcon
        message={t('results.sensitivity.fragile', { count: s.fragileBoundaries })}
        data-testid="sensitivity-fragile"
      />
      <Table
        size="small"
        rowKey={(b) => `${b.groupId}|${b.upperTier}`}
        pagination={false}
        dataSource={s.boundaries}
        columns={[
          {
            title: t('results.sensitivity.boundary'),
            render: (_: unknown, b) => `${names.get(b.groupId) ?? b.groupId} · ${b.label}`,
          },
          { title: t('results.sensitivity.crossing'), dataIndex: 'crossingShare', render: (v: number) => pct(v) },
          { title: t('results.sensitivity.gap'), dataIndex: 'baselineGap', render: (v: number | null) => num(v) },
          {
            title: t('results.sensitivity.unitsCrossing'),
            render: (_: unknown, b) =>
              b.units.map((u) => `${names.get(u.unitId) ?? u.unitId} ${pct(u.share)}`).join('、'),
          },
          {
            title: '',
            render: (_: unknown, b) =>
              b.fragile ? (
                <Tag color="orange">{t('results.sensitivity.fragileTag')}</Tag>
              ) : (
                <Tag color="green">{t('results.sensitivity.stableTag')}</Tag>
              ),
          },
        ]}
      />
      <Table
        size="small"
        rowKey={(u) => u.unitId}
        dataSource={s.units.filter((u) => u.tierChangeShare > 0 || u.p5Rank !== u.p95Rank)}
        pagination={{ pageSize: 15, size: 'small', showSizeChanger: false }}
        columns={[
          { title: t('results.sensitivity.unit'), render: (_: unknown, u) => names.get(u.unitId) ?? u.unitId },
          { title: t('results.sensitivity.baseRank'), dataIndex: 'baseRank' },
          { title: t('results.sensitivity.median'), dataIndex: 'medianRank' },
          { title: t('results.sensitivity.interval'), render: (_: unknown, u) => `${u.p5Rank} – ${u.p95Rank}` },
          { title: t('results.sensitivity.tierChange'), dataIndex: 'tierChangeShare', render: (v: number) => pct(v) },
        ]}
      />
    </Space>
  );
}

function WhatIfTab({ year, source, names }: { year: number; source: Source; names: Map<string, string> }) {
  const { t, i18n } = useTranslation();
  const [onlyChanged, setOnlyChanged] = useState(true);
  const q = useQuery({ queryKey: ['results', year, 'whatif', source], queryFn: () => resultsApi.whatIf(year, source) });
  if (q.error) return <LoadError error={q.error} />;
  if (!q.data) return <Card loading />;
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

function HistoryTab({ year, review, canPublish }: { year: number; review: ReviewView; canPublish: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const correct = useMutation({
    mutationFn: (reason: string) => resultsApi.correct(year, reason),
    onSuccess: (c) => {
      void message.success(t('results.correct.drafted', { count: c.changes.length }));
      setOpen(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['results', year] });
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const verify = useMutation({
    mutationFn: (id: string) => resultsApi.verify(year, id),
    onSuccess: (v) =>
      v.ok && v.reproducible !== false
        ? void message.success(t('results.history.verifyOk'))
        : void message.error(t('results.history.verifyBad')),
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const columns: ColumnsType<SnapshotInfo> = [
    { title: t('results.history.seq'), dataIndex: 'seq', width: 70 },
    { title: t('results.history.publishedAt'), dataIndex: 'publishedAt', render: (v: string) => when(v) },
    { title: t('results.history.publishedBy'), dataIndex: 'publishedBy' },
    { title: t('results.history.approvedBy'), dataIndex: 'approvedBy' },
    {
      title: t('results.history.reason'),
      dataIndex: 'reason',
      render: (v: string | null) =>
        v ?? <Typography.Text type="secondary">{t('results.history.first')}</Typography.Text>,
    },
    {
      title: t('results.history.digest'),
      dataIndex: 'digest',
      render: (v: string) => <Typography.Text code>{v.slice(0, 12)}…</Typography.Text>,
    },
    {
      title: '',
      render: (_: unknown, s) => (
        <Button size="small" onClick={() => verify.mutate(s.id)} loading={verify.isPending}>
          {t('results.history.verify')}
        </Button>
      ),
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {review.snapshots.length === 0 ? (
        <Empty description={t('results.history.none')} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={review.snapshots}
          pagination={false}
          scroll={{ x: 800 }}
        />
      )}
      {canPublish && review.published && (
        <Button onClick={() => setOpen(true)} data-testid="results-correct">
          {t('results.correct.button')}
        </Button>
      )}
      <Modal
        open={open}
        title={t('results.correct.title')}
        onCancel={() => setOpen(false)}
        onOk={() => void form.validateFields().then((v) => correct.mutate(v.reason))}
        confirmLoading={correct.isPending}
      >
        <Alert type="info" showIcon message={t('results.correct.hint')} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={t('results.correct.reason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

export default function ResultsPage() {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const { can } = useSignedIn();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const years = useQuery({ queryKey: ['results', 'years'], queryFn: () => resultsApi.years() });
  const yearParam = Number(params.get('year')) || undefined;
  // Opens on the latest year with published results (what most readers come for); the office switches to the year
  // in progress. Without any, the latest year with a published scheme.
  const items = years.data?.items ?? [];
  const year =
    yearParam ?? (items.find((y) => y.publishedSeq !== null) ?? items.find((y) => y.schemePublished) ?? items[0])?.year;
  const setYear = (y: number) => setParams({ year: String(y) });
  const reviewer = can('results:compute') || can('results:approve');
  const review = useQuery({
    queryKey: ['results', year, 'review'],
    queryFn: () => resultsApi.review(year ?? 0),
    enabled: year !== undefined,
  });
  const r = review.data;
  const hasPreview = !!r?.review && r.review.publishable !== undefined && r.status !== 'none';
  const [source, setSource] = useState<Source>('published');
  useEffect(() => {
    if (!r) return;
    setSource(reviewer && r.review && (!r.published || r.status !== 'published') ? 'preview' : 'published');
  }, [r, reviewer]);
  const ranking = useQuery({
    queryKey: ['results', year, 'ranking', source],
    queryFn: () => resultsApi.ranking(year ?? 0, source),
    enabled: year !== undefined && (source === 'published' ? !!r?.published : hasPreview),
  });
  const names = useMemo(
    () =>
      new Map([
        ...(ranking.data?.groups ?? []).flatMap((g) => g.rows.map((x) => [x.unitCode, x.unitName] as const)),
        ...(ranking.data?.groups ?? []).map((g) => [g.groupId, g.name] as const),
      ]),
    [ranking.data],
  );
  const refresh = () => void qc.invalidateQueries({ queryKey: ['results', year] });

  const compute = useMutation({
    mutationFn: () => resultsApi.compute(year ?? 0),
    onSuccess: (o) => {
      if (o.blockers.length === 0) void message.success(t('results.computedOk'));
      else void message.warning(t('results.computed', { count: o.blockers.length }));
      refresh();
      void qc.invalidateQueries({ queryKey: ['results', 'years'] });
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const [approveOpen, setApproveOpen] = useState(false);
  const [note, setNote] = useState('');
  const approve = useMutation({
    mutationFn: () => resultsApi.approve(year ?? 0, r?.review?.version ?? 0, note),
    onSuccess: () => {
      void message.success(t('results.approve.ok'));
      setApproveOpen(false);
      refresh();
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const publish = useMutation({
    mutationFn: () => resultsApi.publish(year ?? 0, r?.review?.version ?? 0),
    onSuccess: (s) => {
      void message.success(t('results.publish.ok', { seq: s.seq }));
      refresh();
      void qc.invalidateQueries({ queryKey: ['results', 'years'] });
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const download = async (kind: 'bulletin' | 'workbook', src: Source) => {
    try {
      const f =
        kind === 'bulletin' ? await resultsApi.bulletin(year ?? 0, src) : await resultsApi.workbook(year ?? 0, src);
      saveBlob(f.blob, f.filename ?? `${kind}-${year}.${kind === 'bulletin' ? 'docx' : 'xlsx'}`);
    } catch (e) {
      void message.error(errorMessage(e, t));
    }
  };

  const info = r?.review;
  const canApprove = can('results:approve') && r?.status === 'computed' && !!info?.publishable && !info.inputsChanged;
  const canPublish = can('results:publish') && r?.status === 'approved' && !info?.inputsChanged && !r.published;
  const latest = r?.snapshots[0];

  return (
    <div>
      <PageHeader
        title={t('results.title')}
        subtitle={t('results.subtitle')}
        extra={
          <Select
            value={year}
            onChange={setYear}
            style={{ width: 140 }}
            loading={years.isLoading}
            data-testid="results-year"
            options={(years.data?.items ?? []).map((y) => ({
              value: y.year,
              label: t('results.yearOption', { year: y.year }),
            }))}
          />
        }
      />
      {years.error && <LoadError error={years.error} />}
      {review.error && <LoadError error={review.error} />}
      {r && year !== undefined && (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Card size="small">
            <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
              <Space wrap>
                <Tag color={STATUS_COLORS[r.status]} data-testid="results-status">
                  {t(`results.status.${r.status}`)}
                </Tag>
                {info && (
                  <Typography.Text type="secondary">
                    {t('results.computedAt', { at: when(info.computedAt), by: info.computedBy ?? '' })}
                  </Typography.Text>
                )}
                {info?.approvedAt && (
                  <Typography.Text type="secondary">
                    {t('results.approvedAt', { at: when(info.approvedAt), by: info.approvedBy ?? '' })}
                    {info.approvalNote ? `：${info.approvalNote}` : ''}
                  </Typography.Text>
                )}
              </Space>
              <Space wrap>
                {can('results:compute') && (
                  <Button
                    type={r.status === 'none' ? 'primary' : 'default'}
                    onClick={() => compute.mutate()}
                    loading={compute.isPending}
                    data-testid="results-compute"
                  >
                    {r.status === 'none' ? t('results.compute') : t('results.recompute')}
                  </Button>
                )}
                {can('results:approve') && (
                  <Button
                    type="primary"
                    disabled={!canApprove}
                    onClick={() => setApproveOpen(true)}
                    data-testid="results-approve"
                  >
                    {t('results.approve.button')}
                  </Button>
                )}
                {can('results:publish') && !r.published && (
                  <Button
                    type="primary"
                    disabled={!canPublish}
                    title={r.status !== 'approved' ? t('results.publish.needsApproval') : undefined}
                    data-testid="results-publish"
                    loading={publish.isPending}
                    onClick={() =>
                      modal.confirm({
                        title: t('results.publish.confirmTitle', { year }),
                        content: t('results.publish.confirmBody'),
                        onOk: () => publish.mutateAsync(),
                      })
                    }
                  >
                    {t('results.publish.button')}
                  </Button>
                )}
                {r.published && (
                  <Button
                    onClick={() => void download('bulletin', 'published')}
                    data-testid="results-download-bulletin"
                  >
                    {t('results.downloads.bulletin')}
                  </Button>
                )}
                {reviewer && hasPreview && !r.published && (
                  <Button onClick={() => void download('bulletin', 'preview')} data-testid="results-download-preview">
                    {t('results.downloads.bulletinPreview')}
                  </Button>
                )}
                {reviewer && (r.published || hasPreview) && (
                  <Button
                    onClick={() => void download('workbook', r.published ? 'published' : 'preview')}
                    data-testid="results-download-xlsx"
                  >
                    {t('results.downloads.workbook')}
                  </Button>
                )}
              </Space>
            </Space>
            {info?.inputsChanged && (
              <Alert type="warning" showIcon style={{ marginTop: 8 }} message={t('results.inputsChanged')} />
            )}
            {latest && (
              <Descriptions size="small" style={{ marginTop: 8 }} column={1}>
                <Descriptions.Item>
                  {t('results.publishedNote', {
                    seq: latest.seq,
                    at: when(latest.publishedAt),
                    digest: `${latest.digest.slice(0, 16)}…`,
                  })}
                </Descriptions.Item>
              </Descriptions>
            )}
          </Card>
          {!reviewer && !r.published && <Empty description={t('results.unitPublishedOnly')} />}
          {reviewer && r.status === 'none' && <Alert type="info" showIcon message={t('results.notComputed')} />}
          {reviewer && <BlockerTable review={r} />}
          {reviewer && <TieDecisionsCard review={r} />}
          {reviewer && r.published && (
            <CorrectionsCard year={year} canApprove={can('results:approve')} canPublish={can('results:publish')} />
          )}
          {(r.published || (reviewer && hasPreview)) && (
            <Card size="small">
              {reviewer && r.published && hasPreview && (
                <Select
                  size="small"
                  value={source}
                  onChange={setSource}
                  style={{ marginBottom: 8, width: 220 }}
                  options={[
                    { value: 'published', label: t('results.sourcePublished') },
                    { value: 'preview', label: t('results.sourcePreview') },
                  ]}
                />
              )}
              {source === 'preview' && (
                <Alert type="warning" showIcon message={t('results.previewNote')} style={{ marginBottom: 8 }} />
              )}
              <Tabs
                items={[
                  {
                    key: 'ranking',
                    label: t('results.tabs.ranking'),
                    children: (
                      <RankingTab year={year} source={source} canDecide={can('results:compute') && !r.published} />
                    ),
                  },
                  ...(reviewer
                    ? [
                        {
                          key: 'diagnostics',
                          label: t('results.tabs.diagnostics'),
                          children: <DiagnosticsTab year={year} source={source} names={names} />,
                        },
                        {
                          key: 'sensitivity',
                          label: t('results.tabs.sensitivity'),
                          children: <SensitivityTab year={year} source={source} names={names} />,
                        },
                        {
                          key: 'whatif',
                          label: t('results.tabs.whatif'),
                          children: <WhatIfTab year={year} source={source} names={names} />,
                        },
                        {
                          key: 'history',
                          label: t('results.tabs.history'),
                          children: <HistoryTab year={year} review={r} canPublish={can('results:publish')} />,
                        },
                      ]
                    : []),
                ]}
              />
            </Card>
          )}
        </Space>
      )}
      <Modal
        open={approveOpen}
        title={t('results.approve.title', { year })}
        onCancel={() => setApproveOpen(false)}
        onOk={() => approve.mutate()}
        confirmLoading={approve.isPending}
        okButtonProps={{ id: 'results-approve-ok' }}
      >
        <Form layout="vertical">
          <Form.Item label={t('results.approve.note')}>
            <Input.TextArea
              rows={3}
              maxLength={500}
              value={note}
              placeholder={t('results.approve.notePlaceholder')}
              onChange={(e) => setNote(e.target.value)}
            />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
