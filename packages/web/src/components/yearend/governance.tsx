// Results governance on the results page (docs/results.md): the leadership group's decision of a boundary tie
// (recorded by the office, shown in the review), and corrections of published results as drafts that a county
// leader approves before the office publishes them.
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { resultsApi, type Correction, type RankingGroup, type ReviewView, type TieDecision } from '../../api/results';
import { errorMessage } from '../errors';

type Tie = RankingGroup['ties'][number];

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(2));
const when = (iso: string | null | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');

/** The office records the leadership group's decision of a tie: the order (first ones take the places), date, minutes. */
export function TieDecisionModal({
  year,
  group,
  tie,
  onClose,
}: {
  year: number;
  group: RankingGroup;
  tie: Tie | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [order, setOrder] = useState<string[]>([]);
  const [form] = Form.useForm<{ meetingDate: string; minutesRef: string; note?: string }>();
  const [error, setError] = useState<string | null>(null);
  const current = tie && order.length === tie.unitCodes.length ? order : (tie?.unitCodes ?? []);
  const nameOf = (c: string) => group.rows.find((r) => r.unitCode === c)?.unitName ?? c;
  const move = (i: number) => {
    const next = current.slice();
    const [x] = next.splice(i, 1);
    if (x !== undefined) next.splice(i - 1, 0, x);
    setOrder(next);
  };
  const save = useMutation({
    mutationFn: (v: { meetingDate: string; minutesRef: string; note?: string }) =>
      resultsApi.decideTie(year, {
        groupId: group.groupId,
        tier: tie?.tier ?? '',
        order: current,
        meetingDate: v.meetingDate,
        minutesRef: v.minutesRef,
        note: v.note ?? null,
      }),
    onSuccess: () => {
      void message.success(t('results.tieDecision.ok'));
      void qc.invalidateQueries({ queryKey: ['results', year] });
      setOrder([]);
      setError(null);
      form.resetFields();
      onClose();
    },
    onError: (e) => setError(errorMessage(e, t)),
  });
  return (
    <Modal
      open={tie !== null}
      title={t('results.tieDecision.title', { group: group.name, tier: tie?.tierName ?? '' })}
      onCancel={() => {
        setOrder([]);
        setError(null);
        onClose();
      }}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okButtonProps={{ id: 'tie-decision-ok' }}
      destroyOnHidden
    >
      {tie && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert
            type="info"
            showIcon
            message={t('results.tieDecision.hint', { places: tie.places, tier: tie.tierName, score: fmt(tie.score) })}
          />
          {error && <Alert type="error" showIcon message={error} />}
          <Typography.Text strong>{t('results.tieDecision.order')}</Typography.Text>
          <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid="tie-order">
            {current.map((c, i) => (
              <li key={c} style={{ marginBottom: 4 }}>
                <Space>
                  <span data-testid={`tie-order-${i}`}>{nameOf(c)}</span>
                  {i < tie.places && <Tag color="green">{tie.tierName}</Tag>}
                  {i > 0 && (
                    <Button size="small" onClick={() => move(i)} data-testid={`tie-up-${c}`}>
                      {t('results.tieDecision.up')}
                    </Button>
                  )}
                </Space>
              </li>
            ))}
          </ol>
          <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
            <Form.Item
              name="meetingDate"
              label={t('results.tieDecision.meetingDate')}
              rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('results.tieDecision.dateFormat') }]}
            >
              <Input type="date" id="tie-meeting-date" />
            </Form.Item>
            <Form.Item
              name="minutesRef"
              label={t('results.tieDecision.minutesRef')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input id="tie-minutes-ref" maxLength={200} placeholder={t('results.tieDecision.minutesPlaceholder')} />
            </Form.Item>
            <Form.Item name="note" label={t('results.tieDecision.note')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </Form>
        </Space>
      )}
    </Modal>
  );
}

/** A tie in the ranking: flagged (with the office's button) or decided (with the decision's reference). */
export function TieAlert({
  group,
  tie,
  onDecide,
}: {
  group: RankingGroup;
  tie: Tie;
  onDecide?: ((tie: Tie) => void) | undefined;
}) {
  const { t } = useTranslation();
  const nameOf = (c: string) => group.rows.find((r) => r.unitCode === c)?.unitName ?? c;
  const units = tie.unitCodes.map(nameOf).join('、');
  const d = tie.decision;
  return (
    <Alert
      type={tie.needsDecision ? 'warning' : 'info'}
      showIcon
      style={{ marginBottom: 8 }}
      data-testid={`tie-${group.groupId}-${tie.tier}`}
      message={
        d
          ? t('results.tieDecision.decided', {
              tier: tie.tierName,
              units,
              score: fmt(tie.score),
              ref: d.ref ?? '',
              date: d.date ?? '',
              winners: d.order.slice(0, tie.places).map(nameOf).join('、'),
            })
          : t('results.ranking.tieNote', {
              tier: tie.tierName,
              units,
              resolution: t(`results.ranking.resolution.${tie.resolution}`),
            })
      }
      action={
        tie.needsDecision && onDecide ? (
          <Button size="small" type="primary" onClick={() => onDecide(tie)} data-testid={`tie-decide-${tie.tier}`}>
            {t('results.tieDecision.button')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** The decisions recorded for the year, in the review (applied, or stale once the tie changed). */
export function TieDecisionsCard({ review }: { review: ReviewView }) {
  const { t } = useTranslation();
  if (review.tieDecisions.length === 0) return null;
  const columns: ColumnsType<TieDecision> = [
    { title: t('results.tieDecision.group'), dataIndex: 'groupName' },
    { title: t('results.tieDecision.tier'), dataIndex: 'tierName' },
    {
      title: t('results.tieDecision.order'),
      render: (_: unknown, d) => d.order.map((o) => o.unitName).join(' > '),
    },
    { title: t('results.tieDecision.score'), dataIndex: 'score', render: (v: number) => fmt(v) },
    { title: t('results.tieDecision.meetingDate'), dataIndex: 'meetingDate' },
    { title: t('results.tieDecision.minutesRef'), dataIndex: 'minutesRef' },
    {
      title: t('results.tieDecision.status'),
      dataIndex: 'status',
      render: (s: TieDecision['status']) => (
        <Tag color={s === 'applied' ? 'green' : 'red'}>{t(`results.tieDecision.statuses.${s}`)}</Tag>
      ),
    },
  ];
  return (
    <Card size="small" title={t('results.tieDecision.listTitle')} data-testid="tie-decisions">
      <Table size="small" rowKey="id" columns={columns} dataSource={review.tieDecisions} pagination={false} />
    </Card>
  );
}

function standing(s: Correction['changes'][number]['before']) {
  return s ? `${fmt(s.composite)} / ${s.rank} / ${s.tierName}` : '—';
}

/** Open correction drafts: what changes, the leader's approval, the office's publication. */
export function CorrectionsCard({
  year,
  canApprove,
  canPublish,
}: {
  year: number;
  canApprove: boolean;
  canPublish: boolean;
}) {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['results', year, 'corrections'], queryFn: () => resultsApi.corrections(year) });
  const [approving, setApproving] = useState<Correction | null>(null);
  const [note, setNote] = useState('');
  const done = (msg: string) => {
    void message.success(msg);
    void qc.invalidateQueries({ queryKey: ['results', year] });
    void qc.invalidateQueries({ queryKey: ['results', 'years'] });
    void qc.invalidateQueries({ queryKey: ['appeals'] });
  };
  const fail = (e: unknown) => void message.error(errorMessage(e, t));
  const approve = useMutation({
    mutationFn: (c: Correction) => resultsApi.approveCorrection(year, c.id, c.version, note),
    onSuccess: () => {
      setApproving(null);
      setNote('');
      done(t('results.corrections.approved'));
    },
    onError: fail,
  });
  const publish = useMutation({
    mutationFn: (c: Correction) => resultsApi.publishCorrection(year, c.id, c.version),
    onSuccess: (s) => done(t('results.correct.ok', { seq: s.seq })),
    onError: fail,
  });
  const refresh = useMutation({
    mutationFn: (c: Correction) => resultsApi.refreshCorrection(year, c.id, c.version),
    onSuccess: () => done(t('results.corrections.refreshed')),
    onError: fail,
  });
  const discard = useMutation({
    mutationFn: (c: Correction) => resultsApi.discardCorrection(year, c.id, c.version),
    onSuccess: () => done(t('results.corrections.discarded')),
    onError: fail,
  });
  const open = (q.data?.items ?? []).filter((c) => c.status === 'draft' || c.status === 'approved');
  if (open.length === 0) return null;
  const columns: ColumnsType<Correction['changes'][number]> = [
    { title: t('results.corrections.unit'), dataIndex: 'unitName' },
    { title: t('results.corrections.group'), dataIndex: 'groupName' },
    { title: t('results.corrections.before'), render: (_: unknown, c) => standing(c.before) },
    { title: t('results.corrections.after'), render: (_: unknown, c) => <b>{standing(c.after)}</b> },
  ];
  return (
    <>
      {open.map((c) => (
        <Card
          key={c.id}
          size="small"
          data-testid="correction-draft"
          title={
            <Space>
              {t('results.corrections.title', { seq: (c.baseSeq ?? 0) + 1 })}
              <Tag color={c.status === 'approved' ? 'warning' : 'processing'} data-testid="correction-status">
                {t(`results.corrections.statuses.${c.status}`)}
              </Tag>
            </Space>
          }
          extra={
            <Space wrap>
              {canApprove && (
                <Button
                  type="primary"
                  disabled={c.status !== 'draft' || c.blockers.length > 0 || c.inputsChanged}
                  onClick={() => setApproving(c)}
                  data-testid="correction-approve"
                >
                  {t('results.corrections.approve')}
                </Button>
              )}
              {canPublish && (
                <>
                  <Button
                    type="primary"
                    disabled={c.status !== 'approved' || c.inputsChanged}
                    title={c.status !== 'approved' ? t('results.corrections.needsApproval') : undefined}
                    loading={publish.isPending}
                    data-testid="correction-publish"
                    onClick={() =>
                      modal.confirm({
                        title: t('results.corrections.publishConfirm', { year }),
                        content: t('results.publish.confirmBody'),
                        onOk: () => publish.mutateAsync(c),
                      })
                    }
                  >
                    {t('results.corrections.publish')}
                  </Button>
                  <Button onClick={() => refresh.mutate(c)} loading={refresh.isPending}>
                    {t('results.corrections.refresh')}
                  </Button>
                  <Button danger onClick={() => discard.mutate(c)} loading={discard.isPending}>
                    {t('results.corrections.discard')}
                  </Button>
                </>
              )}
            </Space>
          }
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>
              {t('results.history.reason')}：{c.reason}
            </Typography.Text>
            <Typography.Text type="secondary">
              {t('results.corrections.prepared', { at: when(c.preparedAt), by: c.preparedBy ?? '' })}
              {c.approvedAt
                ? `；${t('results.approvedAt', { at: when(c.approvedAt), by: c.approvedBy ?? '' })}${
                    c.approvalNote ? `：${c.approvalNote}` : ''
                  }`
                : ''}
            </Typography.Text>
            {c.inputsChanged && <Alert type="warning" showIcon message={t('results.corrections.inputsChanged')} />}
            {c.blockers.length > 0 && (
              <Alert type="error" showIcon message={t('results.corrections.blocked', { count: c.blockers.length })} />
            )}
            {c.changes.length === 0 ? (
              <Alert type="info" showIcon message={t('results.corrections.noChanges')} />
            ) : (
              <Table
                size="small"
                rowKey="unitCode"
                columns={columns}
                dataSource={c.changes}
                pagination={false}
                data-testid="correction-changes"
                title={() => t('results.corrections.changes', { count: c.changes.length })}
              />
            )}
          </Space>
        </Card>
      ))}
      <Modal
        open={approving !== null}
        title={t('results.corrections.approveTitle', { year })}
        onCancel={() => setApproving(null)}
        onOk={() => approving && approve.mutate(approving)}
        confirmLoading={approve.isPending}
        okButtonProps={{ id: 'correction-approve-ok' }}
      >
        <Form layout="vertical">
          <Form.Item label={t('results.approve.note')}>
            <Input.TextArea rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
