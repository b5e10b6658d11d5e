import { useEffect, useRef, useState } from 'react';
import { App as AntApp, Input } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useBlocker, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { schemesApi } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import type { SchemeIssue, ValidationReport } from '../../api/types';
import { useSignedIn } from '../../auth/session';
import { errorMessage } from '../../components/errors';
import { clone, prune, type SchemeDocument } from '../../scheme/model';

export type Busy = 'save' | 'validate' | 'publish' | 'newVersion' | null;

/**
 * The scheme version being edited: the server's copy and the local one, whether it is dirty or read-only, the
 * open tab, the validation report, and the server actions (save, validate, publish, new version, review decisions).
 * Asks before leaving the page with unsaved changes.
 */
export function useSchemeDocument() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { can } = useSignedIn();
  const canWrite = can('schemes:write');

  const detail = useQuery({ queryKey: ['scheme', id], queryFn: () => schemesApi.get(id) });
  const requested = Number(params.get('v')) || null;
  const versionNo = requested ?? detail.data?.draftVersion ?? detail.data?.publishedVersion ?? null;
  const versionQuery = useQuery({
    queryKey: ['scheme', id, 'version', versionNo],
    queryFn: () => schemesApi.version(id, versionNo ?? 0),
    enabled: versionNo !== null,
    staleTime: Infinity,
  });

  const [doc, setDoc] = useState<SchemeDocument | null>(null);
  const [rowVersion, setRowVersion] = useState(0);
  const [dirty, setDirty] = useState(false);
  const [tab, setTab] = useState<string>('');
  const [report, setReport] = useState<ValidationReport | null>(null);
  const publishNote = useRef('');
  const [busy, setBusy] = useState<Busy>(null);

  const status = versionQuery.data?.status;
  const readOnly = !canWrite || status !== 'draft';

  // (re)load the local copy when another version is opened or the server's copy is re-read
  useEffect(() => {
    const v = versionQuery.data;
    if (!v) return;
    setDoc(clone(v.document));
    setRowVersion(v.version);
    setDirty(false);
  }, [versionQuery.data]);

  useEffect(() => {
    if (!doc || tab) return;
    setTab(doc.engine.groups[0]?.id ?? 'rules');
  }, [doc, tab]);

  // a validation report of the version read, so problems show before anyone asks (and a stale one, e.g. from
  // before an Excel import or from the draft before it was published, never stays on screen)
  useEffect(() => {
    if (!versionQuery.data) return;
    schemesApi
      .validate(id)
      .then(setReport)
      .catch(() => undefined);
  }, [versionQuery.data]);

  // unsaved changes: ask before leaving the page or closing the tab
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: t('editor.leaveConfirm'),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal, t]);
  useEffect(() => {
    if (!dirty) return;
    const h = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', h);
    return () => window.removeEventListener('beforeunload', h);
  }, [dirty]);

  // Edits work on a copy of the current document; handlers are re-created each render, so `doc` is current.
  const mutate = (fn: (d: SchemeDocument) => void) => {
    if (!doc) return;
    const d = clone(doc);
    fn(d);
    setDoc(d);
    setDirty(true);
  };

  // ----- server actions -----
  const reloadVersion = async () => {
    await qc.invalidateQueries({ queryKey: ['scheme', id] });
  };

  const onConflict = (e: unknown) => {
    if (isApiError(e) && e.code === 'VERSION_CONFLICT') {
      modal.confirm({
        title: errorMessage(e, t),
        content: t('editor.conflict'),
        okText: t('common.reload'),
        cancelText: t('common.cancel'),
        onOk: () => reloadVersion(),
      });
      return true;
    }
    return false;
  };

  // R25: the office's keep / adjust / drop decisions on last year's full-mark indicators (a new draft state).
  const decideReview = async (
    decisions: { indicatorId: string; decision: 'keep' | 'adjust' | 'drop'; note?: string }[],
  ) => {
    setBusy('save');
    try {
      const res = await schemesApi.review(id, { version: rowVersion, decisions });
      setRowVersion(res.version);
      setDoc(clone(res.document));
      setDirty(false);
      if (res.report) setReport(res.report);
      qc.setQueryData(['scheme', id, 'version', versionNo], res);
      message.success(t('editor.review.saved', { count: decisions.length, version: res.version }));
    } catch (e) {
      if (!onConflict(e)) message.error(errorMessage(e, t));
    } finally {
      setBusy(null);
    }
  };

  const save = async (): Promise<number | null> => {
    if (!doc) return null;
    setBusy('save');
    try {
      const res = await schemesApi.saveDraft(id, { version: rowVersion, document: prune(doc) });
      setRowVersion(res.version);
      setDoc(clone(res.document));
      setDirty(false);
      if (res.report) setReport(res.report);
      qc.setQueryData(['scheme', id, 'version', versionNo], res);
      void qc.invalidateQueries({ queryKey: ['schemes'] });
      message.success(t('editor.saved', { version: res.version }));
      return res.version;
    } catch (e) {
      if (isApiError(e) && e.code === 'VALIDATION_FAILED' && e.details.length) {
        // the document itself was refused: list where, like a validation report
        const errors: SchemeIssue[] = e.details.map((d) => ({ ...d, code: e.code, severity: 'error' }));
        setReport((r) => ({ errors, warnings: r?.warnings ?? [], burden: r?.burden ?? [] }));
        setTab('validation');
        message.error(errorMessage(e, t));
      } else if (!onConflict(e)) message.error(errorMessage(e, t));
      return null;
    } finally {
      setBusy(null);
    }
  };

  const validate = async () => {
    if (dirty && !readOnly) {
      await save();
      setTab('validation');
      return;
    }
    setBusy('validate');
    try {
      setReport(await schemesApi.validate(id));
      setTab('validation');
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(null);
    }
  };

  const publish = () => {
    const n = versionNo;
    publishNote.current = '';
    modal.confirm({
      title: t('editor.publishConfirm', { year: detail.data?.year, n }),
      content: (
        <div>
          <p>{t('editor.publishDesc')}</p>
          <Input.TextArea
            placeholder={t('editor.notePlaceholder')}
            maxLength={500}
            autoSize={{ minRows: 2, maxRows: 4 }}
            onChange={(e) => (publishNote.current = e.target.value)}
            data-testid="publish-note"
          />
        </div>
      ),
      okText: t('editor.publish'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'publish-confirm' } as Record<string, string>,
      onOk: async () => {
        let v: number | null = rowVersion;
        if (dirty) v = await save();
        if (v === null) return;
        setBusy('publish');
        try {
          await schemesApi.publish(id, v, publishNote.current.trim() || undefined);
          message.success(t('editor.published', { n }));
          await qc.invalidateQueries({ queryKey: ['schemes'] });
          await qc.invalidateQueries({ queryKey: ['scheme', id] });
        } catch (e) {
          if (isApiError(e) && e.code === 'SCHEME_INVALID') {
            const errors: SchemeIssue[] = e.details.map((d) => ({ ...d, code: e.code, severity: 'error' }));
            setReport((r) => ({ errors, warnings: r?.warnings ?? [], burden: r?.burden ?? [] }));
            setTab('validation');
            // the full report names each problem's code and place; the refusal's details are the fallback
            void schemesApi
              .validate(id)
              .then(setReport)
              .catch(() => undefined);
            modal.error({ title: e.message || t('editor.publishInvalid', { count: errors.length }) });
          } else if (!onConflict(e)) message.error(errorMessage(e, t));
        } finally {
          setBusy(null);
        }
      },
    });
  };

  const newVersion = () => {
    modal.confirm({
      title: t('editor.newVersionConfirm', { n: detail.data?.publishedVersion }),
      okText: t('editor.newVersion'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'new-version-confirm' } as Record<string, string>,
      onOk: async () => {
        setBusy('newVersion');
        try {
          const res = await schemesApi.newDraft(id);
          message.success(t('editor.newVersionDone', { n: res.versionNo }));
          await qc.invalidateQueries({ queryKey: ['schemes'] });
          await qc.invalidateQueries({ queryKey: ['scheme', id] });
          setReport(null);
          setParams({}, { replace: true });
        } catch (e) {
          message.error(errorMessage(e, t));
        } finally {
          setBusy(null);
        }
      },
    });
  };

  const openDiff = () => {
    const d = detail.data;
    if (!d || versionNo === null) return;
    const to = `${d.id}:${versionNo}`;
    const from = versionNo > 1 ? `${d.id}:${versionNo - 1}` : '';
    navigate(`/schemes/diff?${new URLSearchParams(from ? { from, to } : { to }).toString()}`);
  };

  /** Opens another version (none: the current draft, else the published one); the local copy is replaced. */
  const openVersion = (no: number) => {
    const s = detail.data;
    if (!s) return;
    setParams(no === (s.draftVersion ?? s.publishedVersion) ? {} : { v: String(no) });
  };

  return {
    detail,
    versionQuery,
    versionNo,
    doc,
    dirty,
    readOnly,
    canWrite,
    tab,
    setTab,
    report,
    busy,
    mutate,
    reloadVersion,
    decideReview,
    save,
    validate,
    publish,
    newVersion,
    openDiff,
    openVersion,
  };
}

export type SchemeDocumentState = ReturnType<typeof useSchemeDocument>;
