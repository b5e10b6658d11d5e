import { useRef, useState } from 'react';
import {
  App as AntApp,
  Button,
  Checkbox,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import {
  CheckOutlined,
  DownloadOutlined,
  FileTextOutlined,
  PaperClipOutlined,
  RollbackOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ColumnsType } from 'antd/es/table';
import { inYearApi, type CellView, type GridQuery, type ReviewBody } from '../../api/inyear';
import { errorMessage } from '../../components/errors';
import { useWork } from '../../components/useWork';
import { saveBlob } from '../../components/ExcelButtons';
import { LoadError, RefreshButton } from '../../components/ListParts';
import { useSignedIn } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { EvidenceDrawer } from './EvidenceDrawer';
import { LightTag, StatusTag } from './parts';

const STATUSES = ['none', 'draft', 'submitted', 'returned', 'approved', 'failed'] as const;

/** What a reason is for, in words: the unit, the indicator and the node. */
const itemOf = (c: CellView, yearEnd: string) =>
  `${c.unitName} · ${c.indicatorName} · ${c.nodeId ? c.nodeName : yearEnd}`;

/**
 * Asks for a reason (returns, changes after approval), naming the item; an empty reason is said on the dialog.
 * Resolves null when cancelled.
 */
function useReason() {
  const { modal } = AntApp.useApp();
  const { t } = useTranslation();
  return (item?: string, opts: { offerEvidence?: boolean } = {}) =>
    new Promise<{ reason: string; requestEvidence: boolean } | null>((resolve) => {
      let value = '';
      let requestEvidence = false;
      const content = (empty: boolean) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          {item && (
            <Typography.Text strong data-testid="reason-item">
              {item}
            </Typography.Text>
          )}
          <Input.TextArea
            autoFocus
            rows={3}
            maxLength={1000}
            placeholder={t('inyear.verify.reasonPh')}
            status={empty ? 'error' : undefined}
            data-testid="reason-input"
            onChange={(e) => (value = e.target.value)}
          />
          {empty && (
            <Typography.Text type="danger" data-testid="reason-required">
              {t('inyear.verify.reasonRequired')}
            </Typography.Text>
          )}
          {opts.offerEvidence && (
            <Checkbox onChange={(e) => (requestEvidence = e.target.checked)} data-testid="reason-request-evidence">
              {t('inyear.verify.requestEvidence')}
            </Checkbox>
          )}
        </Space>
      );
      const dialog = modal.confirm({
        title: t('inyear.verify.reasonTitle'),
        content: content(false),
        onOk: () => {
          if (!value.trim()) {
            dialog.update({ content: content(true) });
            return Promise.reject(new Error(t('inyear.verify.reasonRequired')));
          }
          resolve({ reason: value.trim(), requestEvidence });
          return Promise.resolve();
        },
        onCancel: () => resolve(null),
      });
    });
}

export default function VerifyPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const work = useWork();
  const { user } = useSignedIn();
  // A7: an assessor sees its own unit's reports but the office verifies them; the server refuses too.
  const locked = (c: CellView) => c.officeReview && user.role === 'assessor';
  const qc = useQueryClient();
  const askReason = useReason();
  const [filter, setFilter] = useState<GridQuery>({ status: 'submitted' });
  const [selected, setSelected] = useState<string[]>([]);
  const [viewing, setViewing] = useState<CellView | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const q = useQuery({
    queryKey: ['inyear', 'grid', filter],
    queryFn: () => inYearApi.grid(filter),
    placeholderData: keepPreviousData,
  });
  const items = q.data?.items ?? [];
  const indicators = q.data?.indicators ?? [];
  const nodes = indicators.find((i) => i.id === filter.indicatorId)?.nodes ?? [];
  const refresh = () => void qc.invalidateQueries({ queryKey: ['inyear'] });

  const review = useMutation({
    mutationFn: ({ id, body }: { id: string; body: ReviewBody }) => inYearApi.review(id, body),
    onSuccess: refresh,
    onError: (e) => {
      void message.error(errorMessage(e, t));
      refresh();
    },
  });
  const bulk = useMutation({
    mutationFn: ({ action, reason }: { action: 'approve' | 'return'; reason?: string }) =>
      inYearApi.bulk(
        action,
        items
          .filter((c) => c.report && selected.includes(c.report.id))
          .map((c) => ({ id: c.report?.id ?? '', version: c.report?.version ?? 0 })),
        reason,
      ),
    onSuccess: (r) => {
      void message.success(t('inyear.verify.done', { n: r.done }));
      setSelected([]);
      refresh();
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const importXlsx = useMutation({
    mutationFn: (f: File) =>
      work.run(t('work.upload', { name: f.name }), (w) =>
        inYearApi.importExcel(filter.indicatorId ?? '', filter.nodeId ?? '', f, (sent, total) => {
          w.upload(sent, total);
          if (total !== null && sent >= total) w.step(t('work.reportImport', { name: f.name }));
        }),
      ),
    onSuccess: (r) => {
      void message.success(t('inyear.verify.imported', r));
      refresh();
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });

  const act = async (c: CellView, action: ReviewBody['action'], extra: Partial<ReviewBody> = {}) => {
    const r = c.report;
    if (!r) return;
    const final = r.status === 'approved' || r.status === 'failed';
    let reason: string | undefined;
    let requestEvidence: boolean | undefined;
    if (action === 'return' || final) {
      const asked = await askReason(itemOf(c, t('inyear.yearEnd')), { offerEvidence: action === 'return' });
      if (!asked) return;
      reason = asked.reason;
      if (action === 'return') requestEvidence = asked.requestEvidence;
    }
    review.mutate({ id: r.id, body: { action, version: r.version, reason, requestEvidence, ...extra } });
  };

  const cellInput = (c: CellView, kind: 'value' | 'score') => {
    const r = c.report;
    if (!r || locked(c) || (r.status !== 'submitted' && r.status !== 'approved')) return null;
    const initial = kind === 'score' ? r.assessorScore : (r.verifiedValue ?? r.value);
    const commit = async (raw: string) => {
      const v = raw.trim() === '' ? null : Number(raw);
      if (v !== null && !Number.isFinite(v)) return;
      if (v === initial) return;
      if (kind === 'score') {
        const final = r.status === 'approved';
        const reason = (await askReason(itemOf(c, t('inyear.yearEnd'))))?.reason;
        if (!reason) return;
        review.mutate({
          id: r.id,
          body: {
            action: 'correct',
            version: r.version,
            assessorScore: v,
            scoreReason: reason,
            ...(final ? { reason } : {}),
          },
        });
      } else {
        await act(c, 'correct', { verifiedValue: v });
      }
    };
    return (
      <InputNumber
        size="small"
        style={{ width: 96 }}
        defaultValue={initial ?? undefined}
        key={`${r.id}-${r.version}`}
        {...(kind === 'score' ? { min: c.scoreMin ?? 0, max: c.scoreMax ?? undefined } : {})}
        data-testid={`cell-${kind}-${c.unitCode}`}
        onPressEnter={(e) => void commit((e.target as HTMLInputElement).value)}
      />
    );
  };

  const columns: ColumnsType<CellView> = [
    {
      title: t('inyear.verify.unit'),
      key: 'unit',
      width: 140,
      render: (_, c) => (
        <span>
          {c.unitName}
          <Typography.Text type="secondary" style={{ marginLeft: 4, fontSize: 12 }}>
            {c.unitCode}
          </Typography.Text>
          {c.officeReview && user.role !== 'assessor' && (
            <Tooltip title={t('inyear.verify.officeReviewHint')}>
              <Tag color="purple" style={{ marginLeft: 4 }} data-testid={`office-review-${c.unitCode}`}>
                {t('inyear.verify.officeReviewTag')}
              </Tag>
            </Tooltip>
          )}
        </span>
      ),
    },
    {
      title: t('inyear.verify.indicator'),
      key: 'ind',
      render: (_, c) => (
        <span>
          {c.indicatorName} · <Tag>{c.nodeId ? c.nodeName : t('inyear.yearEnd')}</Tag>
        </span>
      ),
    },
    {
      title: t('inyear.verify.status'),
      key: 'status',
      width: 100,
      render: (_, c) => <StatusTag status={c.report?.status ?? 'none'} />,
    },
    {
      title: t('inyear.verify.reported'),
      key: 'reported',
      width: 160,
      render: (_, c) => {
        const r = c.report;
        if (!r) return '—';
        const main = c.nodeId
          ? `${r.progress ?? '—'}%`
          : (r.grade ?? (r.value !== null ? String(r.value) : r.inputs ? JSON.stringify(r.inputs) : '—'));
        // The value opens the unit's narrative and evidence beside the table (EvidenceDrawer).
        return (
          <span>
            <Button
              type="link"
              size="small"
              style={{ padding: 0 }}
              onClick={() => setViewing(c)}
              data-testid={`evidence-open-${c.unitCode}`}
            >
              {main}
              {r.evidence.length > 0 && (
                <Tag style={{ marginLeft: 4 }} icon={<PaperClipOutlined />}>
                  {r.evidence.length}
                </Tag>
              )}
              {r.narrative && <FileTextOutlined style={{ marginLeft: 2 }} />}
            </Button>
            {r.changedAfterApproval && <Tag color="magenta">{t('inyear.verify.changed')}</Tag>}
          </span>
        );
      },
    },
    {
      title: t('inyear.verify.verified'),
      key: 'verified',
      width: 110,
      render: (_, c) => (c.nodeId || c.methodKind === 'manual' ? null : cellInput(c, 'value')),
    },
    {
      title: t('inyear.verify.score'),
      key: 'score',
      width: 110,
      render: (_, c) => (c.methodKind === 'manual' && !c.nodeId ? cellInput(c, 'score') : null),
    },
    {
      title: t('inyear.lights.title'),
      key: 'light',
      width: 90,
      render: (_, c) => (c.nodeId ? <LightTag light={c.light} reason={c.lightReason} /> : null),
    },
    {
      title: t('inyear.verify.actions'),
      key: 'actions',
      width: 200,
      render: (_, c) => {
        const s = c.report?.status;
        if (locked(c)) {
          return (
            <Tooltip title={t('inyear.verify.officeReviewHint')}>
              <Typography.Text type="secondary" data-testid={`office-review-${c.unitCode}`}>
                {t('inyear.verify.officeReview')}
              </Typography.Text>
            </Tooltip>
          );
        }
        return (
          <Space size={4}>
            {s === 'submitted' && (
              <Button
                size="small"
                type="primary"
                icon={<CheckOutlined />}
                data-testid={`approve-${c.unitCode}`}
                onClick={() => void act(c, 'approve')}
              >
                {t('inyear.verify.approve')}
              </Button>
            )}
            {(s === 'submitted' || s === 'approved') && (
              <Button
                size="small"
                icon={<RollbackOutlined />}
                data-testid={`return-${c.unitCode}`}
                onClick={() => void act(c, 'return')}
              >
                {t('inyear.verify.return')}
              </Button>
            )}
            {c.nodeId && (s === 'submitted' || s === 'approved') && (
              <Button size="small" danger onClick={() => void act(c, 'fail')}>
                {t('inyear.verify.fail')}
              </Button>
            )}
          </Space>
        );
      },
    },
  ];

  const selectable = items.filter((c) => c.report && c.report.status === 'submitted' && !locked(c));
  return (
    <div>
      <PageHeader
        title={t('inyear.verify.title')}
        subtitle={t('inyear.verify.subtitle')}
        extra={<RefreshButton onRefresh={refresh} />}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 240 }}
          placeholder={t('inyear.verify.indicator')}
          value={filter.indicatorId}
          options={indicators.map((i) => ({ value: i.id, label: i.name }))}
          onChange={(v?: string) => setFilter((f) => ({ ...f, indicatorId: v, nodeId: undefined }))}
          data-testid="filter-indicator"
        />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('inyear.verify.allNodes')}
          value={filter.nodeId}
          disabled={!filter.indicatorId}
          options={[
            { value: '', label: t('inyear.yearEnd') },
            ...nodes.map((n) => ({ value: n.id, label: `${n.name}（${n.due}）` })),
          ]}
          onChange={(v?: string) => setFilter((f) => ({ ...f, nodeId: v }))}
        />
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('inyear.verify.status')}
          value={filter.status}
          options={STATUSES.map((s) => ({ value: s, label: `${t(`inyear.status.${s}`)} ${q.data?.counts[s] ?? ''}` }))}
          onChange={(v?: GridQuery['status']) => setFilter((f) => ({ ...f, status: v }))}
          data-testid="filter-status"
        />
        <Input.Search
          allowClear
          style={{ width: 200 }}
          placeholder={t('inyear.verify.search')}
          onSearch={(v) => setFilter((f) => ({ ...f, q: v || undefined }))}
        />
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button
          type="primary"
          disabled={selected.length === 0}
          loading={bulk.isPending}
          onClick={() => bulk.mutate({ action: 'approve' })}
          data-testid="bulk-approve"
        >
          {t('inyear.verify.bulkApprove', { n: selected.length })}
        </Button>
        <Button
          disabled={selected.length === 0}
          onClick={() =>
            void askReason(t('inyear.verify.bulkItem', { n: selected.length })).then((asked) => {
              if (asked) bulk.mutate({ action: 'return', reason: asked.reason });
            })
          }
        >
          {t('inyear.verify.bulkReturn', { n: selected.length })}
        </Button>
        <Tooltip title={filter.indicatorId && filter.nodeId !== undefined ? '' : t('inyear.verify.pickIndicator')}>
          <Button
            icon={<DownloadOutlined />}
            disabled={!filter.indicatorId || filter.nodeId === undefined}
            onClick={() =>
              void work
                .run(t('work.reportTemplate'), () => inYearApi.template(filter.indicatorId ?? '', filter.nodeId ?? ''))
                .then((f) => saveBlob(f.blob, f.filename ?? 'template.xlsx'))
                .catch((e: unknown) => void message.error(errorMessage(e, t)))
            }
          >
            {t('inyear.verify.template')}
          </Button>
        </Tooltip>
        <Button
          icon={<UploadOutlined />}
          disabled={!filter.indicatorId || filter.nodeId === undefined}
          loading={importXlsx.isPending}
          onClick={() => fileRef.current?.click()}
        >
          {t('inyear.verify.importExcel')}
        </Button>
        <input
          ref={fileRef}
          type="file"
          style={{ display: 'none' }}
          accept=".xlsx"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) importXlsx.mutate(f);
            e.target.value = '';
          }}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('inyear.verify.keyboard')}
        </Typography.Text>
      </Space>
      {q.error && <LoadError error={q.error} />}
      <Table<CellView>
        size="small"
        rowKey={(c) => `${c.unitId}|${c.indicatorId}|${c.nodeId}`}
        loading={q.isFetching}
        columns={columns}
        dataSource={items}
        scroll={{ x: 1000 }}
        pagination={{ pageSize: 50, showSizeChanger: true, showTotal: (n) => `${n}` }}
        rowSelection={{
          selectedRowKeys: items
            .filter((c) => c.report && selected.includes(c.report.id))
            .map((c) => `${c.unitId}|${c.indicatorId}|${c.nodeId}`),
          getCheckboxProps: (c) => ({ disabled: !selectable.includes(c) }),
          onChange: (_keys, rows) => setSelected(rows.map((r) => r.report?.id ?? '').filter(Boolean)),
        }}
      />
      <EvidenceDrawer cell={viewing} onClose={() => setViewing(null)} />
    </div>
  );
}
