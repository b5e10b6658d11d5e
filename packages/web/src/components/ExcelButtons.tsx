import { useRef, useState } from 'react';
import { Alert, App as AntApp, Button, Descriptions, Modal, Space, Table, Tooltip, Typography } from 'antd';
import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { excelApi } from '../api/endpoints';
import { isApiError } from '../api/client';
import type { ExcelKind, ImportResult, ImportRowError } from '../api/types';
import { errorMessage } from './errors';
import { useWork } from './useWork';

/** Saves a blob under a file name through a temporary object URL. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

interface Rejection {
  message: string;
  rows: ImportRowError[];
  /** How many rows the server refused (each once), when it counted them. */
  refusedRows: number | null;
}

/** Rows of an IMPORT_REJECTED answer: `rows`, else `details` ("第 5 行 · 单位编码") parsed into row and column. */
function rejectionRows(e: unknown): Rejection | null {
  if (!isApiError(e) || e.code !== 'IMPORT_REJECTED') return null;
  if (e.rows.length > 0) return { message: e.message, rows: e.rows, refusedRows: e.refusedRows };
  const rows = e.details.map((d) => {
    const m = /(\d+)/.exec(d.path);
    const column = d.path.split(/[·:]/).slice(1).join('·').trim();
    return { row: m ? Number(m[1]) : 0, column, message: d.message };
  });
  return { message: e.message, rows, refusedRows: e.refusedRows };
}

/** The counts of an import's answer (or of its preview), each with its label, leaving out the absent ones. */
function ImportCounts({ r }: { r: ImportResult }) {
  const { t } = useTranslation();
  const rows = (count: number) => t('excelPreview.rows', { count });
  // a preview says what will happen, the answer what did
  const done = r.dryRun !== true;
  const items = [
    { key: 'read', label: t('excelPreview.read'), value: r.imported },
    { key: 'created', label: t(done ? 'excelPreview.createdDone' : 'excelPreview.created'), value: r.created },
    { key: 'updated', label: t(done ? 'excelPreview.updatedDone' : 'excelPreview.updated'), value: r.updated },
    { key: 'unchanged', label: t('excelPreview.unchanged'), value: r.unchanged },
    ...(r.removed !== undefined
      ? [{ key: 'removed', label: t(done ? 'excelPreview.removedDone' : 'excelPreview.removed'), value: r.removed }]
      : []),
    ...(r.skipped !== undefined ? [{ key: 'skipped', label: t('excelPreview.skipped'), value: r.skipped }] : []),
  ];
  return (
    <>
      <Descriptions
        size="small"
        bordered
        column={2}
        data-testid="excel-counts"
        items={items.map((i) => ({
          key: i.key,
          label: i.label,
          children: <span data-testid={`excel-count-${i.key}`}>{rows(i.value)}</span>,
        }))}
      />
      {r.validation && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('excelPreview.validation', r.validation)}
        </Typography.Paragraph>
      )}
    </>
  );
}

/**
 * 下载模板 / 导出 / 导入 for one Excel kind. The import uploads the .xlsx as the raw request body; a rejected
 * file's row-by-row errors are shown in a table, a good one's counts in a message.
 */
export function ExcelButtons({
  kind,
  year,
  canWrite,
  onImported,
  size = 'middle',
  template = true,
  importBlocked,
}: {
  kind: ExcelKind;
  year?: number | undefined;
  canWrite: boolean;
  onImported?: (r: ImportResult) => void;
  size?: 'small' | 'middle';
  /** Offer the empty template (a list whose export is the grid to fill in needs none). */
  template?: boolean;
  /** Why importing must wait (the page holds unsaved edits an import would replace); shown on the disabled button. */
  importBlocked?: string | undefined;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const work = useWork();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<'template' | 'export' | 'import' | null>(null);
  const [rejected, setRejected] = useState<Rejection | null>(null);
  // A units file naming groups the county lacks: the office confirms creating them (issue 15), then it re-imports.
  const [lastFile, setLastFile] = useState<File | null>(null);
  const newGroups = kind === 'units' && (rejected?.rows ?? []).some((r) => r.message.includes('--create-groups'));
  // Shown once, right after a users import: the server keeps only their hashes.
  const [passwords, setPasswords] = useState<{ username: string; password: string }[] | null>(null);
  const label = t(`excel.kinds.${kind}`);

  const download = async (which: 'template' | 'export') => {
    setBusy(which);
    try {
      const { blob, filename } = await work.run(t(`work.${which}`, { name: label }), () =>
        which === 'template' ? excelApi.template(kind, year) : excelApi.exportFile(kind, year),
      );
      const name =
        filename ??
        (which === 'template' ? `${label}-${t('excel.template')}.xlsx` : `${label}${year ? '-' + year : ''}.xlsx`);
      saveBlob(blob, name);
      message.success(t('excel.downloaded', { name }));
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(null);
    }
  };

  // The import in two requests: a preview (the server checks every row and counts, writes nothing), then — once
  // the office confirms what it would do — the import itself. Both upload with a percentage bar, then say what
  // the server is doing and for how long.
  const [preview, setPreview] = useState<{ file: File; createGroups: boolean; result: ImportResult } | null>(null);
  const [done, setDone] = useState<{ file: File; result: ImportResult } | null>(null);
  const send = (file: File, createGroups: boolean, dryRun: boolean) =>
    work.run(t(dryRun ? 'work.upload' : 'work.import', { name: file.name }), (w) =>
      excelApi.importFile(kind, file, year, {
        createGroups,
        dryRun,
        onProgress: (sent, total) => {
          w.upload(sent, total);
          if (total !== null && sent >= total) w.step(t(dryRun ? 'work.check' : 'work.import', { name: file.name }));
        },
      }),
    );

  const upload = async (file: File, createGroups = false) => {
    if (!/\.xlsx$/i.test(file.name)) {
      message.error(t('excel.notXlsx'));
      return;
    }
    setBusy('import');
    setLastFile(file);
    try {
      const r = await send(file, createGroups, true);
      setPreview({ file, createGroups, result: r });
    } catch (e) {
      const rej = rejectionRows(e);
      if (rej) setRejected(rej);
      else message.error(errorMessage(e, t));
    } finally {
      setBusy(null);
      if (input.current) input.current.value = '';
    }
  };

  const confirmImport = async () => {
    if (!preview) return;
    const { file, createGroups } = preview;
    setPreview(null);
    setBusy('import');
    try {
      const r = await send(file, createGroups, false);
      message.success(t('excel.imported', { imported: r.imported, created: r.created, updated: r.updated }));
      if (r.passwords?.length) setPasswords(r.passwords);
      else setDone({ file, result: r });
      onImported?.(r);
    } catch (e) {
      const rej = rejectionRows(e);
      if (rej) setRejected(rej);
      else message.error(errorMessage(e, t));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <Space.Compact size={size}>
        {template && (
          <Tooltip title={`${label} · ${t('excel.template')}`}>
            <Button
              icon={<FileExcelOutlined />}
              loading={busy === 'template'}
              onClick={() => void download('template')}
              data-testid={`excel-template-${kind}`}
            >
              {t('excel.template')}
            </Button>
          </Tooltip>
        )}
        <Button
          icon={<DownloadOutlined />}
          loading={busy === 'export'}
          onClick={() => void download('export')}
          data-testid={`excel-export-${kind}`}
        >
          {t('excel.export')}
        </Button>
        {canWrite && (
          <Tooltip title={importBlocked}>
            <Button
              icon={<UploadOutlined />}
              loading={busy === 'import'}
              disabled={!!importBlocked}
              onClick={() => input.current?.click()}
              data-testid={`excel-import-${kind}`}
            >
              {t('excel.import')}
            </Button>
          </Tooltip>
        )}
      </Space.Compact>
      <input
        ref={input}
        type="file"
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        style={{ display: 'none' }}
        data-testid={`excel-file-${kind}`}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void upload(f);
        }}
      />
      <Modal
        open={preview !== null}
        title={t('excelPreview.title', { name: preview?.file.name ?? '' })}
        onCancel={() => setPreview(null)}
        footer={
          <Space>
            <Button onClick={() => setPreview(null)} data-testid="excel-preview-cancel">
              {t('excelPreview.cancel')}
            </Button>
            <Button type="primary" onClick={() => void confirmImport()} data-testid="excel-preview-confirm">
              {t('excelPreview.confirm')}
            </Button>
          </Space>
        }
        width={560}
        data-testid="excel-preview"
        destroyOnHidden
      >
        <Typography.Paragraph>{t('excelPreview.intro')}</Typography.Paragraph>
        {preview && <ImportCounts r={preview.result} />}
      </Modal>
      <Modal
        open={done !== null}
        title={t('excelPreview.doneTitle', { name: done?.file.name ?? '' })}
        onCancel={() => setDone(null)}
        footer={
          <Button type="primary" onClick={() => setDone(null)} data-testid="excel-done-ok">
            {t('common.ok')}
          </Button>
        }
        width={560}
        data-testid="excel-done"
        destroyOnHidden
      >
        {done && (
          <>
            <Alert
              type="success"
              showIcon
              title={t('excelPreview.done', done.result)}
              style={{ marginBottom: 12 }}
              data-testid="excel-done-summary"
            />
            <ImportCounts r={done.result} />
          </>
        )}
      </Modal>
      <Modal
        open={passwords !== null}
        title={t('excel.passwordsTitle')}
        closable={false}
        maskClosable={false}
        footer={
          <Button type="primary" onClick={() => setPasswords(null)} data-testid="excel-passwords-done">
            {t('excel.passwordsDone')}
          </Button>
        }
        width={560}
        data-testid="excel-passwords"
      >
        <Alert type="warning" showIcon title={t('excel.passwordsOnce')} style={{ marginBottom: 12 }} />
        <Table<{ username: string; password: string }>
          size="small"
          rowKey="username"
          dataSource={passwords ?? []}
          pagination={false}
          scroll={{ y: 360 }}
          columns={[
            { title: t('excel.passwordsUser'), dataIndex: 'username' },
            {
              title: t('excel.passwordsPassword'),
              dataIndex: 'password',
              render: (v: string) => (
                <Typography.Text code copyable>
                  {v}
                </Typography.Text>
              ),
            },
          ]}
        />
      </Modal>
      <Modal
        open={rejected !== null}
        title={t('excel.rejected')}
        onCancel={() => setRejected(null)}
        footer={
          <Space>
            {newGroups && lastFile && (
              <Button
                onClick={() => {
                  setRejected(null);
                  void upload(lastFile, true);
                }}
                data-testid="excel-create-groups"
              >
                {t('reform.import.createAndImport')}
              </Button>
            )}
            <Button type="primary" onClick={() => setRejected(null)}>
              {t('common.ok')}
            </Button>
          </Space>
        }
        width={720}
        data-testid="excel-rejected"
      >
        <Alert
          type="error"
          showIcon
          title={rejected?.message || t('excel.rejected')}
          description={
            <>
              {rejected?.refusedRows != null && (
                <div data-testid="excel-refused-rows">{t('excelPreview.refused', { count: rejected.refusedRows })}</div>
              )}
              {t('excel.rejectedDesc')}
            </>
          }
          style={{ marginBottom: 12 }}
        />
        {newGroups && (
          <Alert
            type="warning"
            showIcon
            title={t('reform.import.newGroups')}
            description={t('reform.import.newGroupsDesc')}
            style={{ marginBottom: 12 }}
            data-testid="excel-new-groups"
          />
        )}
        <Table<ImportRowError>
          data-testid="excel-rejected-rows"
          size="small"
          rowKey={(r, i) => `${r.row}-${r.column ?? ''}-${i}`}
          dataSource={rejected?.rows ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ y: 360 }}
          columns={[
            { title: t('excel.row'), dataIndex: 'row', width: 70 },
            { title: t('excel.column'), dataIndex: 'column', width: 160, render: (v?: string) => v || '—' },
            { title: t('excel.message'), dataIndex: 'message' },
          ]}
        />
      </Modal>
    </>
  );
}
