import { useEffect, useMemo } from 'react';
import { Alert, Button, Card, Col, Empty, Row, Select, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, SwapOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ColumnsType } from 'antd/es/table';
import { schemesApi } from '../api/endpoints';
import type { ChangeKind, FieldChange, IndicatorChange, RuleChange, SchemeSummary } from '../api/types';
import { errorMessage } from '../components/errors';
import { PageHeader } from '../components/PageHeader';

const COLORS: Record<ChangeKind, string> = { added: 'green', removed: 'red', changed: 'orange' };

/** A value for people: lists of rules by their ids and names, small objects as key: value. */
function show(v: unknown): string {
  if (v === undefined || v === null || v === '') return '—';
  if (Array.isArray(v)) {
    if (v.length === 0) return '—';
    return v
      .map((x) => {
        if (x && typeof x === 'object') {
          const o = x as { id?: unknown; name?: unknown };
          if (o.id !== undefined) return o.name ? `${String(o.name)}（${String(o.id)}）` : String(o.id);
          return show(x);
        }
        return String(x);
      })
      .join('、');
  }
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${x !== null && typeof x === 'object' ? JSON.stringify(x) : String(x)}`)
      .join('，');
  }
  return String(v);
}

function Fields({ fields }: { fields: FieldChange[] }) {
  if (fields.length === 0) return null;
  return (
    <div className="ys-diff-fields">
      {fields.map((f) => (
        <div key={f.field}>
          <span className="ys-muted">{f.label || f.field}：</span>
          <del className="ys-diff-before">{show(f.before)}</del>
          <span className="ys-muted"> → </span>
          <ins className="ys-diff-after">{show(f.after)}</ins>
        </div>
      ))}
    </div>
  );
}

function versionsOf(s: SchemeSummary): number[] {
  const max = Math.max(s.publishedVersion ?? 0, s.draftVersion ?? 0);
  return Array.from({ length: max }, (_, i) => max - i);
}

/** The version a diff starts from by default: the previous version of the year, else the previous year's latest. */
function defaultFrom(to: string, schemes: SchemeSummary[]): string | null {
  const [sid, noText] = to.split(':');
  const no = Number(noText);
  if (no > 1) return `${sid}:${no - 1}`;
  const cur = schemes.find((s) => s.id === sid);
  const prev = schemes
    .filter((s) => cur && s.year < cur.year)
    .sort((a, b) => b.year - a.year)
    .find((s) => (s.publishedVersion ?? s.draftVersion) != null);
  return prev ? `${prev.id}:${prev.publishedVersion ?? prev.draftVersion}` : null;
}

export default function SchemeDiffPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const list = useQuery({ queryKey: ['schemes'], queryFn: schemesApi.list });
  const schemes = useMemo(() => list.data?.items ?? [], [list.data]);
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';

  // fill in sensible defaults once the schemes are known
  useEffect(() => {
    if (!schemes.length || (from && to)) return;
    let nextTo = to;
    if (!nextTo) {
      const latest = [...schemes].sort((a, b) => b.year - a.year)[0];
      const no = latest?.draftVersion ?? latest?.publishedVersion;
      if (!latest || no == null) return;
      nextTo = `${latest.id}:${no}`;
    }
    const nextFrom = from || defaultFrom(nextTo, schemes);
    setParams(nextFrom ? { from: nextFrom, to: nextTo } : { to: nextTo }, { replace: true });
  }, [schemes, from, to, setParams]);

  const diff = useQuery({
    queryKey: ['scheme-diff', from, to],
    queryFn: () => schemesApi.diff(from, to),
    enabled: !!from && !!to,
  });

  const options = schemes.flatMap((s) =>
    versionsOf(s).map((no) => ({
      value: `${s.id}:${no}`,
      label: `${t('diff.option', { year: s.year, n: no })}${
        no === s.draftVersion
          ? ` · ${t('schemes.versionStatus.draft')}`
          : no === s.publishedVersion
            ? ` · ${t('schemes.versionStatus.published')}`
            : ''
      }`,
    })),
  );

  const d = diff.data;
  const byKind = (k: ChangeKind) => (d?.indicators ?? []).filter((i) => i.change === k);

  const indicatorColumns = (kind: ChangeKind): ColumnsType<IndicatorChange> => [
    {
      title: t('diff.group'),
      dataIndex: 'groupName',
      width: 110,
      render: (g: string, r) => g || r.groupId,
    },
    {
      title: t('diff.block'),
      dataIndex: 'blockName',
      width: 190,
      responsive: ['md'],
      render: (b: string, r) => b || r.blockId,
    },
    {
      title: t('diff.indicator'),
      key: 'name',
      render: (_, r) => (
        <div>
          <Space size={6} wrap>
            <Tag color={COLORS[kind]} style={{ marginInlineEnd: 0 }}>
              {kind === 'added' ? '+' : kind === 'removed' ? '−' : '~'}
            </Tag>
            <b>{r.name || r.indicatorId}</b>
            <span className="ys-mono ys-muted" style={{ fontSize: 12 }}>
              {r.indicatorId}
            </span>
          </Space>
          {kind === 'changed' ? (
            <Fields fields={r.fields} />
          ) : (
            r.sentence && (
              <div className="ys-muted" style={{ fontSize: 12 }}>
                {r.sentence}
              </div>
            )
          )}
        </div>
      ),
    },
    {
      title: t('diff.points'),
      dataIndex: 'points',
      width: 80,
      align: 'right',
      render: (p: number | null) => p ?? '—',
    },
  ];

  const section = (kind: ChangeKind, title: string) => {
    const rows = byKind(kind);
    return (
      <Card
        size="small"
        className={`ys-diff-card ys-diff-${kind}`}
        title={
          <Space>
            <Tag color={COLORS[kind]}>{rows.length}</Tag>
            {title}
          </Space>
        }
        data-testid={`diff-${kind}`}
      >
        {rows.length === 0 ? (
          <Typography.Text type="secondary">{t('diff.none')}</Typography.Text>
        ) : (
          <Table<IndicatorChange>
            size="small"
            rowKey={(r) => `${r.groupId}:${r.indicatorId}`}
            columns={indicatorColumns(kind)}
            dataSource={rows}
            pagination={rows.length > 50 ? { pageSize: 50 } : false}
            rowClassName={() => `ys-diff-row-${kind}`}
          />
        )}
      </Card>
    );
  };

  return (
    <div data-testid="scheme-diff-page">
      <PageHeader
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/schemes')} aria-label="back" />
            {t('diff.title')}
          </Space>
        }
        subtitle={t('diff.subtitle')}
      />
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <div className="ys-toolbar" style={{ marginBottom: 0 }}>
          <Space wrap>
            <span>{t('diff.from')}</span>
            <Select
              value={from || undefined}
              placeholder={t('diff.pick')}
              options={options}
              onChange={(v: string) => setParams({ from: v, to }, { replace: true })}
              style={{ width: 220 }}
              data-testid="diff-from"
            />
            <Button
              icon={<SwapOutlined />}
              onClick={() => setParams({ from: to, to: from }, { replace: true })}
              disabled={!from || !to}
              aria-label={t('diff.swap')}
            />
            <span>{t('diff.to')}</span>
            <Select
              value={to || undefined}
              placeholder={t('diff.pick')}
              options={options}
              onChange={(v: string) => setParams({ from, to: v }, { replace: true })}
              style={{ width: 220 }}
              data-testid="diff-to"
            />
          </Space>
        </div>
      </Card>
      {list.isPending || diff.isFetching ? (
        <div className="ys-fullscreen-center" style={{ minHeight: 240 }}>
          <Spin size="large" />
        </div>
      ) : diff.isError ? (
        <Alert type="error" showIcon title={`${t('errors.loadFailed')}：${errorMessage(diff.error, t)}`} />
      ) : !d ? (
        <Card variant="borderless">
          <Empty description={t('diff.selectBoth')} />
        </Card>
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="diff-result">
          <Row gutter={[16, 16]}>
            {(
              [
                ['added', d.summary.added, '#389e0d'],
                ['removed', d.summary.removed, '#cf1322'],
                ['changed', d.summary.changed, '#d46b08'],
                ['rules', d.summary.rules, '#1a4fa0'],
              ] as const
            ).map(([k, v, color]) => (
              <Col xs={12} md={6} key={k}>
                <Card variant="borderless" size="small" data-testid={`diff-stat-${k}`}>
                  <Statistic title={t(`diff.${k}`)} value={v} styles={{ content: { color } }} />
                </Card>
              </Col>
            ))}
          </Row>
          {d.summary.added + d.summary.removed + d.summary.changed + d.summary.rules === 0 && (
            <Alert type="success" showIcon title={t('diff.identical')} />
          )}
          {section('added', t('diff.added'))}
          {section('removed', t('diff.removed'))}
          {section('changed', t('diff.changed'))}
          <Card
            size="small"
            title={
              <Space>
                <Tag color="blue">{d.rules.length}</Tag>
                {t('diff.rules')}
              </Space>
            }
            data-testid="diff-rules"
          >
            {d.rules.length === 0 ? (
              <Typography.Text type="secondary">{t('diff.none')}</Typography.Text>
            ) : (
              <Table<RuleChange>
                size="small"
                rowKey={(r) => `${r.area}:${r.ref}:${r.change}`}
                pagination={false}
                dataSource={d.rules}
                columns={[
                  {
                    title: t('diff.changes'),
                    key: 'change',
                    width: 90,
                    render: (_, r) => <Tag color={COLORS[r.change]}>{t(`diff.kinds.${r.change}`)}</Tag>,
                  },
                  {
                    title: t('diff.what'),
                    key: 'what',
                    render: (_, r) => (
                      <div>
                        <div>{r.sentence}</div>
                        {r.change === 'changed' && r.fields.length > 1 && <Fields fields={r.fields} />}
                      </div>
                    ),
                  },
                ]}
              />
            )}
          </Card>
        </Space>
      )}
    </div>
  );
}
