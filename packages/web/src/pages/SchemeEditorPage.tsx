import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Badge,
  Button,
  Card,
  Col,
  Drawer,
  Empty,
  Grid,
  Input,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import {
  ArrowLeftOutlined,
  BranchesOutlined,
  CheckCircleOutlined,
  DiffOutlined,
  HistoryOutlined,
  SafetyCertificateOutlined,
  SaveOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useBlocker, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { groupsApi, schemesApi, unitsApi } from '../api/endpoints';
import { isApiError } from '../api/client';
import type { SchemeIssue, SchemeVersionInfo, ValidationReport } from '../api/types';
import { useSignedIn } from '../auth/session';
import { errorMessage } from '../components/errors';
import { ExcelButtons } from '../components/ExcelButtons';
import { PageHeader } from '../components/PageHeader';
import { IndicatorPanel, BlockPanel, type Option } from '../scheme/IndicatorPanel';
import { IndicatorTree, blockKey, blockOf, isBlockKey, treeKeys } from '../scheme/IndicatorTree';
import { PreviewBox } from '../scheme/PreviewBox';
import { RulesPanel } from '../scheme/RulesPanel';
import { ReviewPanel } from '../scheme/ReviewPanel';
import { GroupsControl } from '../scheme/GroupsControl';
import { ValidationPanel } from '../scheme/ValidationPanel';
import {
  GROUP_ORDER,
  allIndicatorIds,
  clone,
  defaultMethod,
  findById,
  getIndicator,
  groupBlocks,
  locFromPath,
  locKey,
  parentList,
  parseLocKey,
  prune,
  uniqueId,
  type Block,
  type Indicator,
  type SchemeDocument,
} from '../scheme/model';
import { SchemeStatusTags } from './SchemesPage';
import { ForbiddenPage } from './ForbiddenPage';

/** The blocks a group edits: its own tree, else the scheme's shared one (created on first use). */
function editableBlocks(d: SchemeDocument, g: number): Block[] {
  const group = d.engine.groups[g];
  if (!group) return [];
  if (group.blocks) return group.blocks;
  if (d.engine.blocks?.length) return d.engine.blocks;
  group.blocks = [];
  return group.blocks;
}

/** The list (a block's indicators or a parent's children) that holds this indicator object. */
function findHolder(blocks: Block[], target: Indicator): Indicator[] | undefined {
  const walk = (list: Indicator[]): Indicator[] | undefined => {
    if (list.includes(target)) return list;
    for (const i of list) {
      const hit = i.children ? walk(i.children) : undefined;
      if (hit) return hit;
    }
    return undefined;
  };
  for (const b of blocks) {
    const hit = walk(b.indicators);
    if (hit) return hit;
  }
  return undefined;
}

function groupOfPath(path: string): number | null {
  const m = /groups\[(\d+)\]/.exec(path);
  return m ? Number(m[1]) : null;
}

function swap<T>(list: T[], i: number, j: number): void {
  const a = list[i];
  const b = list[j];
  if (a === undefined || b === undefined) return;
  list[i] = b;
  list[j] = a;
}

function collectIds(ind: Indicator, out: string[] = []): string[] {
  out.push(ind.id);
  for (const c of ind.children ?? []) collectIds(c, out);
  return out;
}

export default function SchemeEditorPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { can } = useSignedIn();
  const canWrite = can('schemes:write');
  // phones view the scheme; the Excel buttons would crowd the group tabs out
  const isPhone = Grid.useBreakpoint().md === false;

  const detail = useQuery({ queryKey: ['scheme', id], queryFn: () => schemesApi.get(id) });
  const requested = Number(params.get('v')) || null;
  const versionNo = requested ?? detail.data?.draftVersion ?? detail.data?.publishedVersion ?? null;
  const versionQuery = useQuery({
    queryKey: ['scheme', id, 'version', versionNo],
    queryFn: () => schemesApi.version(id, versionNo ?? 0),
    enabled: versionNo !== null,
    staleTime: Infinity,
  });

  const groups = useQuery({ queryKey: ['groups'], queryFn: groupsApi.list });
  const units = useQuery({
    queryKey: ['units', { pageSize: 500 }],
    queryFn: () => unitsApi.list({ pageSize: 500 }),
    staleTime: 5 * 60_000,
  });

  const [doc, setDoc] = useState<SchemeDocument | null>(null);
  const [rowVersion, setRowVersion] = useState(0);
  const [dirty, setDirty] = useState(false);
  const [tab, setTab] = useState<string>('');
  const [selected, setSelected] = useState<Record<string, string | null>>({});
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [report, setReport] = useState<ValidationReport | null>(null);
  const publishNote = useRef('');
  const [historyOpen, setHistoryOpen] = useState(false);
  const [busy, setBusy] = useState<'save' | 'validate' | 'publish' | 'newVersion' | null>(null);

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

  // ----- reference data -----
  const groupByCode = useMemo(() => new Map((groups.data?.items ?? []).map((g) => [g.code, g])), [groups.data]);
  const groupName = useCallback((code: string) => groupByCode.get(code)?.name ?? code, [groupByCode]);
  const departments: Option[] = useMemo(
    () =>
      (units.data?.items ?? [])
        .filter((u) => u.kind === 'department')
        .map((u) => ({ value: u.code, label: `${u.shortName ?? u.name}（${u.code}）` })),
    [units.data],
  );
  const unitByCode = useMemo(() => new Map((units.data?.items ?? []).map((u) => [u.code, u])), [units.data]);
  const assessorName = useCallback(
    (code: string) => {
      const u = unitByCode.get(code);
      return u ? (u.shortName ?? u.name) : code;
    },
    [unitByCode],
  );
  const unitsOfGroup = useCallback(
    (code: string): Option[] => {
      const gid = groupByCode.get(code)?.id;
      return (units.data?.items ?? [])
        .filter((u) => !gid || u.groupId === gid)
        .map((u) => ({ value: u.code, label: `${u.shortName ?? u.name}（${u.code}）` }));
    },
    [groupByCode, units.data],
  );

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

  // ----- tree editing -----
  const gIndex = doc ? doc.engine.groups.findIndex((g) => g.id === tab) : -1;
  const sel = gIndex >= 0 ? (selected[tab] ?? null) : null;
  const select = (key: string | null) => setSelected((s) => ({ ...s, [tab]: key }));
  const meta = doc?.meta?.indicators ?? {};

  const newIndicator = (d: SchemeDocument, points = 5): Indicator => ({
    id: uniqueId(allIndicatorIds(d), 'ind'),
    name: t('editor.tree.newIndicator'),
    points,
    method: defaultMethod('ratio'),
    key: false,
  });

  const addBlock = () => {
    if (!doc || gIndex < 0) return;
    const blocks = groupBlocks(doc, gIndex);
    const taken = new Set(blocks.map((b) => b.id));
    let n = blocks.length + 1;
    while (taken.has(`block${n}`)) n++;
    mutate((d) => editableBlocks(d, gIndex).push({ id: `block${n}`, name: t('editor.tree.newBlock'), indicators: [] }));
    select(blockKey(gIndex, blocks.length));
  };

  const addIndicator = () => {
    if (!doc || gIndex < 0) return;
    let key: string | null = null;
    mutate((d) => {
      const blocks = editableBlocks(d, gIndex);
      const ind = newIndicator(d);
      const b = sel ? blockOf(sel) : null;
      const target = b ? blocks[b.block] : undefined;
      if (b && target) {
        target.indicators.push(ind);
        key = locKey({ group: gIndex, block: b.block, path: [target.indicators.length - 1] });
      } else if (sel) {
        const loc = parseLocKey(sel);
        const p = parentList(d, loc);
        if (!p) return;
        p.list.splice(p.index + 1, 0, ind);
        key = locKey({ ...loc, path: [...loc.path.slice(0, -1), p.index + 1] });
      } else {
        const last = blocks.length - 1;
        const lastBlock = blocks[last];
        if (!lastBlock) return;
        lastBlock.indicators.push(ind);
        key = locKey({ group: gIndex, block: last, path: [lastBlock.indicators.length - 1] });
      }
    });
    if (key) select(key);
  };

  const addChild = () => {
    if (!doc || !sel || isBlockKey(sel)) return;
    const loc = parseLocKey(sel);
    let key: string | null = null;
    mutate((d) => {
      const parent = getIndicator(d, loc);
      if (!parent) return;
      const first = !parent.children?.length;
      const child = newIndicator(d, first ? parent.points : 0);
      if (first && parent.method) child.method = parent.method;
      delete parent.method;
      parent.children = [...(parent.children ?? []), child];
      key = locKey({ ...loc, path: [...loc.path, parent.children.length - 1] });
    });
    setCollapsed((c) => {
      const n = new Set(c);
      n.delete(sel);
      return n;
    });
    if (key) select(key);
  };

  const move = (delta: -1 | 1) => {
    if (!doc || !sel) return;
    const b = blockOf(sel);
    if (b) {
      const blocks = groupBlocks(doc, gIndex);
      const j = b.block + delta;
      if (j < 0 || j >= blocks.length) return;
      mutate((d) => {
        const list = editableBlocks(d, gIndex);
        swap(list, b.block, j);
      });
      select(blockKey(gIndex, j));
      return;
    }
    const loc = parseLocKey(sel);
    const p = parentList(doc, loc);
    if (!p) return;
    const j = p.index + delta;
    if (j < 0 || j >= p.list.length) return;
    mutate((d) => {
      const q = parentList(d, loc);
      if (q) swap(q.list, q.index, j);
    });
    select(locKey({ ...loc, path: [...loc.path.slice(0, -1), j] }));
  };

  const drop = (from: string, to: string, where: 'before' | 'after' | 'inside') => {
    if (!doc || isBlockKey(from) || from === to) return;
    const fromLoc = parseLocKey(from);
    const moving = getIndicator(doc, fromLoc);
    if (!moving) return;
    // not into itself or one of its own sub-indicators
    if (!isBlockKey(to) && to.startsWith(from + '/')) return;
    let newKey: string | null = null;
    mutate((d) => {
      const src = parentList(d, fromLoc);
      const toBlock = blockOf(to);
      const target = toBlock ? undefined : getIndicator(d, parseLocKey(to));
      if (!src || (!toBlock && !target)) return;
      const [item] = src.list.splice(src.index, 1);
      if (!item) return;
      const blocks = editableBlocks(d, gIndex);
      if (toBlock) {
        blocks[toBlock.block]?.indicators.unshift(item);
      } else if (target && where === 'inside') {
        (target.children ??= []).unshift(item);
      } else if (target) {
        const holder = findHolder(blocks, target);
        if (!holder) return;
        holder.splice(holder.indexOf(target) + (where === 'after' ? 1 : 0), 0, item);
      }
      const loc = findById(d, item.id);
      if (loc) newKey = locKey(loc);
    });
    if (newKey) select(newKey);
  };

  const remove = () => {
    if (!doc || !sel) return;
    const b = blockOf(sel);
    mutate((d) => {
      if (b) {
        const list = editableBlocks(d, gIndex);
        const [gone] = list.splice(b.block, 1);
        for (const ind of gone?.indicators ?? []) for (const x of collectIds(ind)) delete d.meta?.indicators?.[x];
        return;
      }
      const loc = parseLocKey(sel);
      const p = parentList(d, loc);
      if (!p) return;
      const [gone] = p.list.splice(p.index, 1);
      if (gone) for (const x of collectIds(gone)) delete d.meta?.indicators?.[x];
    });
    select(null);
  };

  const jump = (issue: SchemeIssue) => {
    if (!doc) return;
    const loc = locFromPath(doc, issue.path);
    if (!loc) {
      // a group-level issue (e.g. points per group): open that group's tab
      const gi = groupOfPath(issue.path);
      const g = gi === null ? undefined : doc.engine.groups[gi];
      if (g) setTab(g.id);
      return;
    }
    const g = doc.engine.groups[loc.group];
    if (!g) return;
    setTab(g.id);
    setSelected((s) => ({ ...s, [g.id]: locKey(loc) }));
    setCollapsed((c) => {
      const n = new Set(c);
      n.delete(blockKey(loc.group, loc.block));
      for (let i = 1; i < loc.path.length; i++) n.delete(locKey({ ...loc, path: loc.path.slice(0, i) }));
      return n;
    });
    setTimeout(() => document.querySelector('[data-testid="indicator-form"]')?.scrollIntoView({ block: 'start' }), 50);
  };

  // ----- render -----
  if (detail.isError && isApiError(detail.error) && detail.error.code === 'FORBIDDEN') return <ForbiddenPage />;
  if (detail.isError || versionQuery.isError) {
    return (
      <Result
        status="warning"
        title={t('errors.loadFailed')}
        subTitle={errorMessage(detail.error ?? versionQuery.error, t)}
        extra={<Button onClick={() => navigate('/schemes')}>{t('editor.back')}</Button>}
      />
    );
  }
  if (!detail.data || !doc || !versionQuery.data) {
    return (
      <div className="ys-fullscreen-center" style={{ minHeight: 320 }}>
        {versionNo === null && detail.data ? <Empty description={t('schemes.status.none')} /> : <Spin size="large" />}
      </div>
    );
  }

  const s = detail.data;
  const orderedGroups = doc.engine.groups
    .map((g, i) => ({ g, i }))
    .sort((a, b) => {
      const ia = GROUP_ORDER.indexOf(a.g.id);
      const ib = GROUP_ORDER.indexOf(b.g.id);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.i - b.i;
    });

  const groupTab = (gi: number) => {
    const g = doc.engine.groups[gi];
    if (!g) return null;
    const blocks = groupBlocks(doc, gi);
    const key = selected[g.id] ?? null;
    const all = treeKeys(blocks, gi);
    const expanded = all.filter((k) => !collapsed.has(k));
    const selBlock = key ? blockOf(key) : null;
    const selLoc = key && !selBlock ? parseLocKey(key) : null;
    const ind = selLoc ? getIndicator(doc, selLoc) : undefined;
    const block = selBlock ? blocks[selBlock.block] : undefined;

    const panel = (
      <>
        {ind && selLoc ? (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card
              size="small"
              title={
                // on a phone the drawer's title already names it
                isPhone ? undefined : (
                  <Space>
                    <span>{ind.name || ind.id}</span>
                    <Tag className="ys-mono">{ind.id}</Tag>
                  </Space>
                )
              }
            >
              <IndicatorPanel
                preview={ind.children?.length ? undefined : <PreviewBox indicator={ind} meta={meta[ind.id]} />}
                key={key ?? ''}
                indicator={ind}
                meta={meta[ind.id] ?? {}}
                readOnly={readOnly}
                departments={departments}
                groupUnits={unitsOfGroup(g.id)}
                onChange={(fn) =>
                  mutate((d) => {
                    const target = getIndicator(d, selLoc);
                    if (!target) return;
                    d.meta ??= {};
                    d.meta.indicators ??= {};
                    const m = (d.meta.indicators[target.id] ??= {});
                    fn(target, m);
                  })
                }
                onRename={(newId) => {
                  if (allIndicatorIds(doc).has(newId)) {
                    message.error(`${t('editor.fields.id')}: ${newId}`);
                    return;
                  }
                  mutate((d) => {
                    const target = getIndicator(d, selLoc);
                    if (!target) return;
                    const m = d.meta?.indicators?.[target.id];
                    if (m && d.meta?.indicators) {
                      delete d.meta.indicators[target.id];
                      d.meta.indicators[newId] = m;
                    }
                    target.id = newId;
                  });
                }}
              />
            </Card>
          </Space>
        ) : block && selBlock ? (
          <Card size="small" title={t('editor.block.title')}>
            <BlockPanel
              block={block}
              weight={g.blocks ? block.weight : (g.blockWeights?.[block.id] ?? block.weight)}
              readOnly={readOnly}
              onChange={(patch) =>
                mutate((d) => {
                  const b = editableBlocks(d, gi)[selBlock.block];
                  if (b) Object.assign(b, patch);
                })
              }
            />
          </Card>
        ) : (
          <Card size="small">
            <Empty description={t('editor.select')} />
          </Card>
        )}
      </>
    );

    return (
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10} xxl={9}>
          <Card size="small" className="ys-tree-card">
            <IndicatorTree
              blocks={blocks}
              groupIndex={gi}
              meta={meta}
              selected={key}
              expanded={expanded}
              onExpand={(keys) => setCollapsed(new Set(all.filter((k) => !keys.includes(k))))}
              onSelect={(k) => setSelected((m) => ({ ...m, [g.id]: k }))}
              readOnly={readOnly}
              assessorName={assessorName}
              onAddBlock={addBlock}
              onAddIndicator={addIndicator}
              onAddChild={addChild}
              onMove={move}
              onDrop={drop}
              onRemove={remove}
              header={
                !g.blocks && doc.engine.blocks?.length ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('editor.tree.sharedNote')}
                  </Typography.Text>
                ) : null
              }
            />
          </Card>
        </Col>
        {isPhone ? (
          // on a phone the tree fills the screen; the selected indicator opens over it
          <Drawer
            open={key !== null}
            onClose={() => setSelected((m) => ({ ...m, [g.id]: null }))}
            placement="bottom"
            size="88%"
            title={ind ? ind.name || ind.id : block ? block.name || block.id : ''}
            styles={{ body: { padding: 8 } }}
          >
            {panel}
          </Drawer>
        ) : (
          <Col xs={24} lg={14} xxl={15}>
            {panel}
          </Col>
        )}
      </Row>
    );
  };

  const versionOptions = [...s.versions]
    .sort((a, b) => b.no - a.no)
    .map((v) => ({
      value: v.no,
      label: t('editor.versionOption', { n: v.no, status: t(`schemes.versionStatus.${v.status}`) }),
    }));
  const errorsCount = report?.errors.length ?? 0;
  const warningsCount = report?.warnings.length ?? 0;

  return (
    <div data-testid="scheme-editor">
      <PageHeader
        title={
          <Space wrap>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate('/schemes')}
              aria-label={t('editor.back')}
            />
            <span>
              {s.year} · {s.name}
            </span>
            <SchemeStatusTags s={s} />
          </Space>
        }
        extra={
          <Space wrap>
            <Select
              value={versionNo}
              options={versionOptions}
              onChange={(v: number) => {
                const go = () => setParams(v === (s.draftVersion ?? s.publishedVersion) ? {} : { v: String(v) });
                // another version replaces the local copy: unsaved edits would be lost
                if (dirty)
                  modal.confirm({
                    title: t('editor.leaveConfirm'),
                    okText: t('common.confirm'),
                    cancelText: t('common.cancel'),
                    onOk: go,
                  });
                else go();
              }}
              style={{ width: 150 }}
              data-testid="scheme-version"
              aria-label={t('editor.version')}
            />
            <Button icon={<HistoryOutlined />} onClick={() => setHistoryOpen(true)} data-testid="scheme-history">
              {t('editor.history')}
            </Button>
            <Button icon={<DiffOutlined />} onClick={openDiff} data-testid="scheme-open-diff">
              {t('schemes.diff')}
            </Button>
            <Button
              icon={<SafetyCertificateOutlined />}
              onClick={() => void validate()}
              loading={busy === 'validate'}
              data-testid="scheme-validate"
            >
              {t('editor.validate')}
            </Button>
            {!readOnly && (
              <>
                <Badge dot={dirty} offset={[-4, 4]}>
                  <Button
                    icon={<SaveOutlined />}
                    onClick={() => void save()}
                    loading={busy === 'save'}
                    disabled={!dirty}
                    data-testid="scheme-save"
                  >
                    {t('editor.save')}
                  </Button>
                </Badge>
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  onClick={publish}
                  loading={busy === 'publish'}
                  data-testid="scheme-publish"
                >
                  {t('editor.publish')}
                </Button>
              </>
            )}
            {canWrite && s.draftVersion == null && s.publishedVersion != null && (
              <Button
                type="primary"
                icon={<BranchesOutlined />}
                onClick={newVersion}
                loading={busy === 'newVersion'}
                data-testid="scheme-new-version"
              >
                {t('editor.newVersion')}
              </Button>
            )}
          </Space>
        }
      />
      {readOnly ? (
        <Alert
          type="info"
          showIcon
          title={canWrite ? t('editor.readOnly') : t('editor.readOnlyNoWrite')}
          style={{ marginBottom: 12 }}
          data-testid="scheme-readonly"
        />
      ) : (
        dirty && <Alert type="warning" showIcon title={t('editor.unsaved')} style={{ marginBottom: 12 }} banner />
      )}
      <Card variant="borderless" styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          data-testid="scheme-tabs"
          tabBarExtraContent={
            isPhone ? null : (
              <Space size={8}>
                {!readOnly && (
                  <GroupsControl
                    doc={doc}
                    activeGroup={doc.engine.groups.some((g) => g.id === tab) ? tab : null}
                    county={groups.data?.items ?? []}
                    size="small"
                    update={mutate}
                    onAdded={setTab}
                    onRemoved={() => setTab('')}
                  />
                )}
                <ExcelButtons
                  kind="indicators"
                  year={s.year}
                  canWrite={canWrite && s.draftVersion != null}
                  size="small"
                  onImported={() => void reloadVersion()}
                />
              </Space>
            )
          }
          items={[
            ...orderedGroups.map(({ g, i }) => ({
              key: g.id,
              label: <span data-testid={`scheme-tab-${g.id}`}>{g.name ?? groupName(g.id)}</span>,
              children: groupTab(i),
            })),
            {
              key: 'rules',
              label: <span data-testid="scheme-tab-rules">{t('editor.rulesTab')}</span>,
              children: (
                <RulesPanel
                  engine={doc.engine}
                  readOnly={readOnly}
                  groupName={groupName}
                  update={(fn) => mutate((d) => fn(d.engine))}
                />
              ),
            },
            ...(doc.meta?.review && doc.meta.review.items.length > 0
              ? [
                  {
                    key: 'review',
                    label: (
                      <span data-testid="scheme-tab-review">
                        {t('editor.review.tab')}{' '}
                        <Badge
                          count={doc.meta.review.items.filter((i) => !i.decision).length}
                          color="orange"
                          overflowCount={999}
                        />
                      </span>
                    ),
                    children: (
                      <ReviewPanel
                        review={doc.meta.review}
                        groupName={groupName}
                        readOnly={readOnly || dirty}
                        busy={busy === 'save'}
                        onDecide={(decisions) => void decideReview(decisions)}
                      />
                    ),
                  },
                ]
              : []),
            {
              key: 'validation',
              label: (
                <span data-testid="scheme-tab-validation">
                  {t('editor.validationTab')}{' '}
                  {report &&
                    (errorsCount > 0 ? (
                      <Badge count={errorsCount} overflowCount={999} />
                    ) : (
                      <CheckCircleOutlined style={{ color: '#389e0d' }} />
                    ))}
                  {report && warningsCount > 0 && (
                    <Badge count={warningsCount} overflowCount={999} color="orange" style={{ marginInlineStart: 4 }} />
                  )}
                </span>
              ),
              children: (
                <ValidationPanel
                  report={report}
                  loading={busy === 'validate' || busy === 'save'}
                  onRun={() => void validate()}
                  onJump={jump}
                  canJump={(issue) => !!locFromPath(doc, issue.path) || groupOfPath(issue.path) !== null}
                />
              ),
            },
          ]}
        />
      </Card>
      <Drawer
        open={historyOpen}
        onClose={() => setHistoryOpen(false)}
        title={t('editor.history')}
        size={isPhone ? '100%' : 720}
        data-testid="scheme-history-drawer"
      >
        <Table<SchemeVersionInfo>
          size="small"
          rowKey="no"
          pagination={false}
          dataSource={[...s.versions].sort((a, b) => b.no - a.no)}
          tableLayout="fixed"
          columns={[
            {
              title: t('editor.version'),
              dataIndex: 'no',
              width: 70,
              render: (no: number, v) => (
                <Space direction="vertical" size={2}>
                  <b>v{no}</b>
                  <Tag color={v.status === 'published' ? 'green' : v.status === 'draft' ? 'orange' : 'default'}>
                    {t(`schemes.versionStatus.${v.status}`)}
                  </Tag>
                </Space>
              ),
            },
            {
              title: t('editor.note'),
              dataIndex: 'note',
              render: (note: string | null, v) => (
                <div style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
                  <div>{note ?? '—'}</div>
                  <div className="ys-muted" style={{ fontSize: 12 }}>
                    {t('editor.createdBy')}：{v.by ?? '—'} {dayjs(v.createdAt).format('YYYY-MM-DD HH:mm')}
                    {v.publishedAt && (
                      <>
                        {' · '}
                        {t('editor.publishedBy')}：{v.publishedBy ?? '—'}{' '}
                        {dayjs(v.publishedAt).format('YYYY-MM-DD HH:mm')}
                      </>
                    )}
                  </div>
                  {v.digest && (
                    <div className="ys-muted ys-mono" style={{ fontSize: 11 }} title={v.digest}>
                      {t('editor.digest')} {v.digest.slice(0, 16)}…
                    </div>
                  )}
                </div>
              ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 130,
              render: (_, v) => (
                <Space direction="vertical" size={0}>
                  <Button
                    type="link"
                    size="small"
                    disabled={v.no === versionNo}
                    onClick={() => {
                      setHistoryOpen(false);
                      setParams(v.no === (s.draftVersion ?? s.publishedVersion) ? {} : { v: String(v.no) });
                    }}
                  >
                    {t('editor.viewVersion')}
                  </Button>
                  {v.no > 1 && (
                    <Button
                      type="link"
                      size="small"
                      onClick={() =>
                        navigate(
                          `/schemes/diff?${new URLSearchParams({ from: `${s.id}:${v.no - 1}`, to: `${s.id}:${v.no}` }).toString()}`,
                        )
                      }
                    >
                      {t('editor.compareWithPrevious')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Drawer>
    </div>
  );
}
