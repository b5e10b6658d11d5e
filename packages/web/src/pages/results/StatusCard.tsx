import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { resultsApi, type ReviewView, type Source } from '../../api/results';
import { useSignedIn } from '../../auth/session';
import { saveBlob } from '../../components/ExcelButtons';
import { errorMessage } from '../../components/errors';
import { useWork } from '../../components/useWork';
import { STATUS_COLORS, when } from './format';

/**
 * The year's state (computed, approved, published, by whom and when) and the actions on it: compute, approve with a
 * note, publish, and the bulletin and workbook downloads.
 */
export function StatusCard({
  year,
  review: r,
  reviewer,
  hasPreview,
  unitCount = null,
}: {
  year: number;
  review: ReviewView;
  reviewer: boolean;
  hasPreview: boolean;
  /** Units in the results on screen: the compute says how many it is working on. */
  unitCount?: number | null;
}) {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const work = useWork();
  const { can } = useSignedIn();
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: ['results', year] });

  const compute = useMutation({
    // One request on the server: the web names what it is waiting for, and for how long.
    mutationFn: () =>
      work.run(unitCount ? t('work.compute', { year, units: unitCount }) : t('work.computeYear', { year }), () =>
        resultsApi.compute(year),
      ),
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
    mutationFn: () => resultsApi.approve(year, r.review?.version ?? 0, note),
    onSuccess: () => {
      void message.success(t('results.approve.ok'));
      setApproveOpen(false);
      refresh();
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const publish = useMutation({
    mutationFn: () => resultsApi.publish(year, r.review?.version ?? 0),
    onSuccess: (s) => {
      void message.success(t('results.publish.ok', { seq: s.seq }));
      refresh();
      void qc.invalidateQueries({ queryKey: ['results', 'years'] });
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const download = async (kind: 'bulletin' | 'workbook', src: Source) => {
    try {
      const step =
        kind === 'workbook'
          ? t('work.workbook', { year })
          : t(src === 'preview' ? 'work.bulletinPreview' : 'work.bulletin', { year });
      const f = await work.run(step, () =>
        kind === 'bulletin' ? resultsApi.bulletin(year, src) : resultsApi.workbook(year, src),
      );
      saveBlob(f.blob, f.filename ?? `${kind}-${year}.${kind === 'bulletin' ? 'docx' : 'xlsx'}`);
    } catch (e) {
      void message.error(errorMessage(e, t));
    }
  };

  const info = r.review;
  const canApprove = can('results:approve') && r.status === 'computed' && !!info?.publishable && !info.inputsChanged;
  const canPublish = can('results:publish') && r.status === 'approved' && !info?.inputsChanged && !r.published;
  const latest = r.snapshots[0];

  return (
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
            <Button onClick={() => void download('bulletin', 'published')} data-testid="results-download-bulletin">
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
    </Card>
  );
}
