import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Input, Select, Space, Spin, Switch, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ColumnType } from 'antd/es/table';
import { schemesApi } from '../api/endpoints';
import { isApiError } from '../api/client';
import type { PreviewResponse, PreviewSample } from '../api/types';
import { errorMessage } from '../components/errors';
import { Num } from './fields';
import { workedExample, type Row } from './example';
import { methodView, prune, type Indicator, type IndicatorMeta, type MethodKind } from './model';

type Field = 'actual' | 'target' | 'value' | 'count' | 'grade' | 'done' | 'score' | 'reason' | 'upper' | 'inputs';

function fieldsOf(kind: MethodKind | undefined): Field[] {
  switch (kind) {
    case 'ratio':
      return ['actual', 'target'];
    case 'deduction':
      return ['count'];
    case 'grade':
      return ['grade'];
    case 'binary':
      return ['done'];
    case 'manual':
      return ['score', 'reason'];
    case 'upper':
      return ['upper'];
    case 'formula':
      return ['inputs'];
    default:
      return ['value'];
  }
}

/** The request's sample for a row, or null when nothing has been typed in it. */
function toSample(kind: MethodKind | undefined, r: Row, n: number, name: string): PreviewSample | null {
  const unit = name;
  switch (kind) {
    case 'ratio':
      return r.actual === undefined
        ? null
        : { unit, actual: r.actual, ...(r.target !== undefined ? { target: r.target } : {}) };
    case 'grade':
      return r.grade ? { unit, grade: r.grade } : null;
    case 'binary':
      return r.done === undefined ? null : { unit, value: r.done ? 1 : 0 };
    case 'manual':
      return r.score === undefined ? null : { unit, score: r.score, reason: r.reason ?? '' };
    case 'upper': {
      const upper = prune({ score: r.upperScore, max: r.upperMax, rank: r.upperRank });
      return Object.keys(upper).length ? { unit, upper } : null;
    }
    case 'formula': {
      const inputs: Record<string, number> = {};
      for (const [k, v] of Object.entries(r.inputs ?? {})) if (v !== undefined) inputs[k] = v;
      return Object.keys(inputs).length ? { unit, inputs } : null;
    }
    default:
      void n;
      return r.value === undefined ? null : { unit, value: r.value };
  }
}

/**
 * Live preview of one indicator: sample values in, score and the rule steps out, from
 * `POST /api/schemes/preview` (debounced). Nothing here is saved.
 */
/**
 * The scheme's point scale as the preview shows it (docs/scoring.md §2a): composite points per point of this
 * indicator (1 on a points scale that adds up; a × full marks / the group's points when normalised) and the full marks.
 */
export type PreviewScale = { factor: number; total: number };

export function PreviewBox({
  indicator,
  meta,
  scale = null,
}: {
  indicator: Indicator;
  meta: IndicatorMeta | undefined;
  scale?: PreviewScale | null;
}) {
  const { t } = useTranslation();
  const kind = indicator.method?.kind;
  const many = kind === 'topRatio' || kind === 'rank';
  const [rows, setRows] = useState<Row[]>(() => workedExample(methodView(indicator.method)));
  const [result, setResult] = useState<PreviewResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  // a different indicator or method starts again from its worked example
  useEffect(() => {
    setRows(workedExample(methodView(indicator.method)));
    setResult(null);
    setError(null);
  }, [indicator.id, kind, many]);

  const names = rows.map((_, i) => t('preview.sampleName', { n: i + 1 }));
  const samples = rows.map((r, i) => toSample(kind, r, i, names[i] ?? ''));
  const sent = samples.filter((s): s is PreviewSample => s !== null);
  const key = useMemo(
    () => JSON.stringify({ indicator, meta, sent }),
    [JSON.stringify(indicator), JSON.stringify(meta), JSON.stringify(sent)],
  );
  const leaf = !indicator.children?.length;

  useEffect(() => {
    if (!leaf || !kind || sent.length === 0) {
      setResult(null);
      setError(null);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      schemesApi
        .preview(
          {
            indicator: prune({ ...indicator, children: undefined }),
            ...(meta ? { meta: prune(meta) } : {}),
            samples: sent,
          },
          ctrl.signal,
        )
        .then((r) => {
          setResult(r);
          setError(null);
        })
        .catch((e: unknown) => {
          if (e instanceof DOMException && e.name === 'AbortError') return;
          setResult(null);
          // the engine's objections to the indicator name their field (e.g. method.target)
          const details = isApiError(e) ? e.details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)) : [];
          setError([errorMessage(e, t), ...details].join('；'));
        })
        .finally(() => {
          if (!ctrl.signal.aborted) setLoading(false);
        });
    }, 350);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [key]);

  const setRow = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const byUnit = new Map((result?.samples ?? []).map((s) => [s.unit, s]));
  const fields = fieldsOf(kind);
  const method = methodView(indicator.method);
  const gradeOptions = Object.keys(method?.grades ?? {}).map((g) => ({ value: g, label: g }));
  const inputNames = method?.inputs ?? [];

  const columns: ColumnType<Row>[] = [
    { key: 'n', title: t('preview.unit'), width: 80, render: (_: unknown, __: Row, i: number) => names[i] },
    ...fields.flatMap((f): ColumnType<Row>[] => {
      const test = (i: number) => `preview-${f}-${i}`;
      switch (f) {
        case 'actual':
        case 'target':
        case 'value':
        case 'count':
        case 'score':
          return [
            {
              key: f,
              title: t(`preview.${f === 'score' ? 'mark' : f}`),
              width: 120,
              render: (_: unknown, r: Row, i: number) => {
                const prop = f === 'count' ? 'value' : f;
                return (
                  <Num
                    value={r[prop]}
                    onChange={(v) => setRow(i, { [prop]: v })}
                    testId={test(i)}
                    min={f === 'count' ? 0 : undefined}
                    placeholder={f === 'target' && method?.target !== undefined ? String(method.target) : undefined}
                  />
                );
              },
            },
          ];
        case 'grade':
          return [
            {
              key: f,
              title: t('preview.grade'),
              width: 120,
              render: (_: unknown, r: Row, i: number) => (
                <Select
                  allowClear
                  value={r.grade}
                  onChange={(v?: string) => setRow(i, { grade: v })}
                  options={gradeOptions}
                  style={{ width: '100%' }}
                  data-testid={test(i)}
                />
              ),
            },
          ];
        case 'done':
          return [
            {
              key: f,
              title: t('preview.done'),
              width: 100,
              render: (_: unknown, r: Row, i: number) => (
                <Switch checked={!!r.done} onChange={(v) => setRow(i, { done: v })} data-testid={test(i)} />
              ),
            },
          ];
        case 'reason':
          return [
            {
              key: f,
              title: t('preview.reason'),
              render: (_: unknown, r: Row, i: number) => (
                <Input value={r.reason ?? ''} onChange={(e) => setRow(i, { reason: e.target.value })} />
              ),
            },
          ];
        case 'upper':
          return (['upperScore', 'upperMax', 'upperRank'] as const).map((p) => ({
            key: p,
            title: t(`preview.${p === 'upperScore' ? 'score' : p === 'upperMax' ? 'max' : 'rank'}`),
            width: 100,
            render: (_: unknown, r: Row, i: number) => <Num value={r[p]} onChange={(v) => setRow(i, { [p]: v })} />,
          }));
        case 'inputs':
          return inputNames.map((name) => ({
            key: `in-${name}`,
            title: <span className="ys-mono">{name}</span>,
            width: 110,
            render: (_: unknown, r: Row, i: number) => (
              <Num
                value={r.inputs?.[name]}
                onChange={(v) => setRow(i, { inputs: { ...(r.inputs ?? {}), [name]: v } })}
                testId={`preview-input-${name}-${i}`}
              />
            ),
          }));
      }
    }),
    {
      key: 'result',
      title: t('preview.result'),
      width: 130,
      render: (_: unknown, __: Row, i: number) => {
        const s = byUnit.get(names[i] ?? '');
        if (!s) return <span className="ys-muted">—</span>;
        return (
          <span data-testid={`preview-score-${i}`} style={{ whiteSpace: 'nowrap' }}>
            <b style={{ fontSize: 16, color: '#1a4fa0' }}>{s.score}</b>{' '}
            <span className="ys-muted">{t('preview.outOf', { points: s.points })}</span>
            {scale && (
              <span className="ys-muted" data-testid={`preview-on-scale-${i}`}>
                {' · '}
                {t('preview.onScale', {
                  points: Math.round(s.score * scale.factor * 100) / 100,
                  total: scale.total,
                })}
              </span>
            )}
          </span>
        );
      },
    },
    {
      key: 'del',
      width: 40,
      render: (_: unknown, __: Row, i: number) =>
        rows.length > 1 ? (
          <Button
            type="text"
            size="small"
            icon={<DeleteOutlined />}
            aria-label={t('editor.tree.remove')}
            onClick={() => setRows(rows.filter((_x, j) => j !== i))}
          />
        ) : null,
    },
  ];

  return (
    <Card
      size="small"
      className="ys-preview"
      title={
        <Space>
          <ThunderboltOutlined style={{ color: '#d48806' }} />
          {t('preview.title')}
          {loading && <Spin size="small" />}
        </Space>
      }
      data-testid="preview-box"
    >
      {!leaf || !kind ? (
        <Typography.Text type="secondary">{t('preview.parent')}</Typography.Text>
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('preview.help')}
          </Typography.Paragraph>
          <Table<Row>
            size="small"
            pagination={false}
            rowKey={(_, i) => String(i)}
            dataSource={rows}
            columns={columns}
            scroll={{ x: 'max-content' }}
          />
          <Button
            type="dashed"
            size="small"
            icon={<PlusOutlined />}
            style={{ marginTop: 8 }}
            onClick={() => setRows([...rows, {}])}
            disabled={rows.length >= 20}
          >
            {t('preview.addSample')}
          </Button>
          {error && (
            <Alert type="warning" showIcon title={`${t('preview.failed')}：${error}`} style={{ marginTop: 12 }} />
          )}
          {!error && sent.length === 0 && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              {t('preview.empty')}
            </Typography.Paragraph>
          )}
          {result && result.samples.length > 0 && (
            <div className="ys-preview-steps" data-testid="preview-steps">
              {result.samples.map((s) => (
                <div key={s.unit} style={{ marginTop: 12 }}>
                  <Space size={6} wrap>
                    <b>{s.unit}</b>
                    <Tag color={s.status === 'ok' ? 'blue' : 'default'}>
                      {s.score} {t('preview.outOf', { points: s.points })}
                    </Tag>
                  </Space>
                  <ol>
                    {s.steps.map((step, j) => (
                      <li key={j}>{step}</li>
                    ))}
                  </ol>
                </div>
              ))}
            </div>
          )}
        </>
      )}
    </Card>
  );
}
