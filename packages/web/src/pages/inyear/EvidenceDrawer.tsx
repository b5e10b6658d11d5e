// What an assessor verifies against, beside the row: the unit's narrative and its evidence files, opened in place
// (images and PDF shown here; other files, such as Word, downloaded), so that nothing is approved blind.
import { useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Drawer, Empty, Grid, List, Space, Spin, Typography } from 'antd';
import { DownloadOutlined, ExportOutlined, FileOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { inYearApi, type CellView } from '../../api/inyear';
import { saveBlob } from '../../components/ExcelButtons';
import { errorMessage } from '../../components/errors';
import { useWork } from '../../components/useWork';
import { StatusTag } from './parts';

type Evidence = NonNullable<CellView['report']>['evidence'][number];

const sizeText = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${Math.round(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;

const shownHere = (type: string) => type === 'application/pdf' || /^image\/(png|jpeg|gif|webp)$/.test(type);

function Preview({ file }: { file: Evidence }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['evidence', file.id],
    queryFn: () => inYearApi.downloadEvidence(file.id),
    staleTime: Infinity,
  });
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!q.data) return;
    // The server names the type by content; a blob of that type is what the browser shows.
    const u = URL.createObjectURL(new Blob([q.data.blob], { type: file.contentType }));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [q.data, file.contentType]);
  if (q.isLoading) return <Spin />;
  if (q.error) return <Alert type="error" showIcon message={errorMessage(q.error, t)} />;
  if (!url) return null;
  const actions = (
    <Space>
      <Button size="small" icon={<DownloadOutlined />} onClick={() => q.data && saveBlob(q.data.blob, file.fileName)}>
        {t('inyear.evidence.download')}
      </Button>
      {file.contentType === 'application/pdf' && (
        <Button size="small" icon={<ExportOutlined />} href={url} target="_blank" rel="noreferrer">
          {t('inyear.evidence.newWindow')}
        </Button>
      )}
    </Space>
  );
  if (file.contentType.startsWith('image/'))
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        {actions}
        <img src={url} alt={file.fileName} style={{ maxWidth: '100%' }} data-testid="evidence-image" />
      </Space>
    );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {actions}
      <iframe
        src={url}
        title={file.fileName}
        style={{ width: '100%', height: '70vh', border: '1px solid #f0f0f0' }}
        data-testid="evidence-pdf"
      />
    </Space>
  );
}

export function EvidenceDrawer({ cell, onClose }: { cell: CellView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const work = useWork();
  const wide = Grid.useBreakpoint().md === true;
  const r = cell?.report;
  const files = r?.evidence ?? [];
  // The first file the browser can show opens with the drawer; a new row starts again.
  const [open, setOpen] = useState<Evidence | null>(null);
  const [forCell, setForCell] = useState<CellView | null>(null);
  if (forCell !== cell) {
    setForCell(cell);
    setOpen(files.find((f) => shownHere(f.contentType)) ?? null);
  }
  const download = async (f: Evidence) => {
    const d = await work.run(t('work.evidenceDownload', { name: f.fileName }), () => inYearApi.downloadEvidence(f.id));
    saveBlob(d.blob, f.fileName);
  };
  return (
    <Drawer
      open={!!cell}
      onClose={onClose}
      width={wide ? 720 : '100%'}
      title={cell ? `${cell.unitName} · ${cell.indicatorName}${cell.nodeId ? ` · ${cell.nodeName}` : ''}` : ''}
      data-testid="evidence-drawer"
      destroyOnHidden
    >
      {cell && r && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('inyear.verify.status')}>
              <StatusTag status={r.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('inyear.verify.reported')}>
              {cell.nodeId
                ? `${r.progress ?? '—'}%`
                : (r.grade ?? (r.value !== null ? String(r.value) : r.inputs ? JSON.stringify(r.inputs) : '—'))}
            </Descriptions.Item>
            <Descriptions.Item label={t('inyear.evidence.narrative')}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="evidence-narrative">
                {r.narrative || t('inyear.evidence.noNarrative')}
              </Typography.Paragraph>
            </Descriptions.Item>
          </Descriptions>
          {files.length === 0 ? (
            <Empty description={t('inyear.evidence.none')} />
          ) : (
            <List
              size="small"
              header={t('inyear.evidence.files', { n: files.length })}
              dataSource={files}
              renderItem={(f) => (
                <List.Item
                  actions={[
                    shownHere(f.contentType) ? (
                      <Button key="view" size="small" type="link" onClick={() => setOpen(f)}>
                        {t('inyear.evidence.view')}
                      </Button>
                    ) : (
                      <Button key="dl" size="small" type="link" onClick={() => void download(f)}>
                        {t('inyear.evidence.download')}
                      </Button>
                    ),
                  ]}
                >
                  <Space>
                    <FileOutlined />
                    <Typography.Text strong={open?.id === f.id}>{f.fileName}</Typography.Text>
                    <Typography.Text type="secondary">{sizeText(f.size)}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          )}
          {open && <Preview key={open.id} file={open} />}
          {files.length > 0 && !files.some((f) => shownHere(f.contentType)) && (
            <Typography.Text type="secondary">{t('inyear.evidence.downloadOnly')}</Typography.Text>
          )}
        </Space>
      )}
    </Drawer>
  );
}
