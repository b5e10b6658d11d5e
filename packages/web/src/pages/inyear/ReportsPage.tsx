import { useRef, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Drawer,
  Empty,
  Form,
  Grid,
  Input,
  InputNumber,
  List,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { inYearApi, type CellView, type SaveReport } from '../../api/inyear';
import { errorMessage } from '../../components/errors';
import { useWork } from '../../components/useWork';
import { saveBlob } from '../../components/ExcelButtons';
import { LoadError } from '../../components/ListParts';
import { PageHeader } from '../../components/PageHeader';
import { LightTag, StatusTag } from './parts';
import { groupTodo, matchesSearch, TODO_STATES, todoCounts, todoState, type TodoState } from './todo';

interface FormValues {
  progress?: number | null;
  value?: number | null;
  grade?: string | null;
  narrative?: string | null;
  inputs?: Record<string, number | null>;
}

const editable = (c: CellView) => !c.report || c.report.status === 'draft' || c.report.status === 'returned';

function ReportForm({ cell, onDone }: { cell: CellView; onDone: (c: CellView) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const work = useWork();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [current, setCurrent] = useState<CellView>(cell);
  const fileRef = useRef<HTMLInputElement>(null);
  const r = current.report;
  const canEdit = editable(current);
  const node = current.nodeId !== '';

  const payload = (v: FormValues): SaveReport => {
    const inputs: Record<string, number> = {};
    for (const [k, x] of Object.entries(v.inputs ?? {})) if (typeof x === 'number') inputs[k] = x;
    return {
      indicatorId: current.indicatorId,
      nodeId: current.nodeId,
      progress: v.progress ?? null,
      value: v.value ?? null,
      grade: v.grade ?? null,
      narrative: v.narrative ?? null,
      inputs: current.inputNames.length > 0 ? inputs : null,
      ...(current.report ? { version: current.report.version } : {}),
    };
  };
  const refresh = (c: CellView) => {
    setCurrent(c);
    void qc.invalidateQueries({ queryKey: ['inyear'] });
  };
  const save = useMutation({
    mutationFn: async () => inYearApi.save(payload(await form.validateFields())),
    onSuccess: (c) => {
      refresh(c);
      void message.success(t('inyear.reports.saved'));
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const submit = useMutation({
    mutationFn: async () => {
      const saved = await inYearApi.save(payload(await form.validateFields()));
      refresh(saved);
      if (!saved.report) throw new Error('no report');
      return inYearApi.submit(saved.report.id, saved.report.version);
    },
    onSuccess: (c) => {
      refresh(c);
      void message.success(t('inyear.reports.submitted'));
      onDone(c);
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const upload = useMutation({
    mutationFn: async (file: File) => {
      let base = current;
      if (!base.report) {
        base = await inYearApi.save(payload(form.getFieldsValue()));
        refresh(base);
      }
      const id = base.report?.id ?? '';
      await work.run(t('work.evidenceUpload', { name: file.name }), (w) => inYearApi.upload(id, file, w.upload));
      return inYearApi.get(id);
    },
    onSuccess: (c) => {
      refresh(c);
      void message.success(t('inyear.reports.uploaded'));
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const remove = useMutation({
    mutationFn: async (id: string) => {
      await inYearApi.removeEvidence(id);
      return inYearApi.get(current.report?.id ?? '');
    },
    onSuccess: refresh,
    onError: (e) => void message.error(errorMessage(e, t)),
  });

  return (
    <Form
      form={form}
      layout="vertical"
      disabled={!canEdit}
      initialValues={{
        progress: r?.progress ?? null,
        value: r?.value ?? null,
        grade: r?.grade ?? null,
        narrative: r?.narrative ?? null,
        inputs: r?.inputs ?? {},
      }}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <StatusTag status={r?.status ?? 'none'} />
        {node && <LightTag light={current.light} reason={current.lightReason} />}
        <Tag>{t('inyear.due', { due: current.due })}</Tag>
        {node && <Tag>{t('inyear.expected', { expected: current.expected })}</Tag>}
      </Space>
      {r?.status === 'returned' && r.returnReason && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('inyear.reports.returnedBy', { reason: r.returnReason })}
        />
      )}
      {!canEdit && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('inyear.reports.locked')} />}
      {node ? (
        <Form.Item name="progress" label={t('inyear.reports.progress')} rules={[{ required: true }]}>
          <InputNumber min={0} max={100} style={{ width: '100%' }} inputMode="decimal" data-testid="report-progress" />
        </Form.Item>
      ) : current.methodKind === 'grade' ? (
        <Form.Item name="grade" label={t('inyear.reports.grade')}>
          <Select options={current.grades.map((g) => ({ value: g, label: g }))} />
        </Form.Item>
      ) : current.methodKind === 'formula' ? (
        current.inputNames.map((n) => (
          <Form.Item key={n} name={['inputs', n]} label={n}>
            <InputNumber style={{ width: '100%' }} inputMode="decimal" />
          </Form.Item>
        ))
      ) : current.methodKind === 'manual' ? null : (
        <Form.Item name="value" label={t('inyear.reports.value')}>
          <InputNumber style={{ width: '100%' }} inputMode="decimal" data-testid="report-value" />
        </Form.Item>
      )}
      <Form.Item name="narrative" label={t('inyear.reports.narrative')}>
        <Input.TextArea
          rows={3}
          maxLength={2000}
          placeholder={t('inyear.reports.narrativePh')}
          data-testid="report-narrative"
        />
      </Form.Item>
      {(current.evidenceRule !== 'none' || (r?.status === 'returned' && r.evidenceRequested)) && (
        <Card
          size="small"
          style={{ marginBottom: 16 }}
          data-testid="report-evidence-card"
          title={
            <Space>
              {t('inyear.reports.evidence')}
              {/* A return that asked for evidence makes it required for this resubmission. */}
              <Tag
                color={
                  current.evidenceRule === 'required' || (r?.status === 'returned' && r.evidenceRequested)
                    ? 'red'
                    : 'default'
                }
              >
                {t(
                  r?.status === 'returned' && r.evidenceRequested
                    ? 'inyear.reports.evidenceRequested'
                    : current.evidenceRule === 'required'
                      ? 'inyear.reports.evidenceRequired'
                      : 'inyear.reports.evidenceOptional',
                )}
              </Tag>
            </Space>
          }
        >
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('inyear.reports.evidenceTypes', { types: current.fileTypes.join(', ') })}
          </Typography.Text>
          <List
            size="small"
            dataSource={r?.evidence ?? []}
            locale={{ emptyText: ' ' }}
            renderItem={(e) => (
              <List.Item
                actions={
                  canEdit
                    ? [
                        <Button
                          key="rm"
                          size="small"
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('inyear.reports.remove')}
                          onClick={() => remove.mutate(e.id)}
                        />,
                      ]
                    : []
                }
              >
                <Button
                  type="link"
                  size="small"
                  icon={<PaperClipOutlined />}
                  disabled={false}
                  onClick={() =>
                    void work
                      .run(t('work.evidenceDownload', { name: e.fileName }), () => inYearApi.downloadEvidence(e.id))
                      .then((f) => saveBlob(f.blob, f.filename ?? e.fileName))
                      .catch((err: unknown) => void message.error(errorMessage(err, t)))
                  }
                >
                  {e.fileName}
                </Button>
              </List.Item>
            )}
          />
          {canEdit && (
            <>
              <input
                ref={fileRef}
                type="file"
                style={{ display: 'none' }}
                data-testid="evidence-input"
                accept={current.fileTypes.map((x) => `.${x}`).join(',')}
                onChange={(ev) => {
                  const f = ev.target.files?.[0];
                  if (f) upload.mutate(f);
                  ev.target.value = '';
                }}
              />
              <Button
                icon={<UploadOutlined />}
                loading={upload.isPending}
                onClick={() => fileRef.current?.click()}
                block
              >
                {t('inyear.reports.upload')}
              </Button>
            </>
          )}
        </Card>
      )}
      {canEdit && (
        <Space.Compact block>
          <Button block loading={save.isPending} onClick={() => save.mutate()} data-testid="report-save">
            {t('inyear.reports.save')}
          </Button>
          <Button
            block
            type="primary"
            loading={submit.isPending}
            onClick={() => submit.mutate()}
            data-testid="report-submit"
          >
            {t(r?.status === 'returned' ? 'inyear.reports.resubmit' : 'inyear.reports.submit')}
          </Button>
        </Space.Compact>
      )}
    </Form>
  );
}

export default function ReportsPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const q = useQuery({ queryKey: ['inyear', 'todo'], queryFn: inYearApi.todo });
  const [open, setOpen] = useState<CellView | null>(null);
  const [params, setParams] = useSearchParams();
  const state = (TODO_STATES as readonly string[]).includes(params.get('state') ?? '')
    ? (params.get('state') as TodoState)
    : null;
  const by = (['state', 'indicator', 'month'] as const).find((g) => g === params.get('group')) ?? 'state';
  const [search, setSearch] = useState(params.get('q') ?? '');
  const setParam = (k: string, v: string | null) =>
    setParams(
      (p) => {
        const n = new URLSearchParams(p);
        if (v) n.set(k, v);
        else n.delete(k);
        return n;
      },
      { replace: true },
    );
  const today = q.data?.today ?? '';
  const all = q.data?.items ?? [];
  const counts = todoCounts(all, today);
  const shown = all.filter((c) => (!state || todoState(c, today) === state) && matchesSearch(c, search));
  const groups = groupTodo(shown, today, by);
  const groupTitle = (key: string) =>
    by === 'state' ? t(`inyear.todo.states.${key}`) : by === 'month' ? t('inyear.todo.month', { month: key }) : key;
  return (
    <div data-testid="unit-todo">
      <PageHeader title={t('inyear.reports.title')} subtitle={t('inyear.reports.subtitle')} />
      {q.error && <LoadError error={q.error} />}
      {q.isLoading ? (
        <Spin />
      ) : all.length === 0 ? (
        <Empty description={t('inyear.reports.empty')} />
      ) : (
        <>
          <div className="ys-todo-bar">
            <Input.Search
              allowClear
              value={search}
              placeholder={t('inyear.todo.search')}
              onChange={(e) => {
                setSearch(e.target.value);
                setParam('q', e.target.value || null);
              }}
              data-testid="todo-search"
              style={{ maxWidth: 360 }}
            />
            <Select
              value={by}
              onChange={(v: string) => setParam('group', v === 'state' ? null : v)}
              options={(['state', 'indicator', 'month'] as const).map((g) => ({
                value: g,
                label: t(`inyear.todo.groupBy.${g}`),
              }))}
              style={{ width: 140 }}
              data-testid="todo-group"
            />
          </div>
          <div className="ys-todo-chips" role="tablist" data-testid="todo-filter">
            <Tag.CheckableTag checked={state === null} onChange={() => setParam('state', null)}>
              {t('inyear.todo.all')} {all.length}
            </Tag.CheckableTag>
            {TODO_STATES.map((s) => (
              <Tag.CheckableTag
                key={s}
                checked={state === s}
                onChange={(on) => setParam('state', on ? s : null)}
                data-testid={`todo-filter-${s}`}
                className={`ys-todo-chip-${s}`}
              >
                {t(`inyear.todo.states.${s}`)} {counts[s]}
              </Tag.CheckableTag>
            ))}
          </div>
          {today && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '0 0 8px' }}>
              {t('inyear.todo.asOf', { day: today, n: shown.length })}
            </Typography.Paragraph>
          )}
          {shown.length === 0 && <Empty description={t('inyear.todo.noMatch')} />}
          {groups.map((g) => (
            <section key={g.key} style={{ marginBottom: 16 }} data-testid={`todo-group-${g.key}`}>
              <Typography.Title level={5} style={{ margin: '8px 0' }}>
                {groupTitle(g.key)} <span className="ys-muted">{g.cells.length}</span>
              </Typography.Title>
              <List
                dataSource={g.cells}
                grid={{ gutter: 12, xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
                renderItem={(c) => {
                  const st = todoState(c, today);
                  return (
                    <List.Item>
                      <Card
                        size="small"
                        hoverable
                        data-testid={`todo-${c.indicatorId}-${c.nodeId || 'year'}`}
                        onClick={() => setOpen(c)}
                        title={<span style={{ whiteSpace: 'normal' }}>{c.indicatorName}</span>}
                        extra={c.nodeId ? <LightTag light={c.light} reason={c.lightReason} /> : null}
                      >
                        <Space wrap size={[4, 4]}>
                          <Tag color="blue">{c.nodeId ? c.nodeName : t('inyear.yearEnd')}</Tag>
                          <Tag color={st === 'overdue' ? 'red' : st === 'dueSoon' ? 'orange' : undefined}>
                            {t('inyear.due', { due: c.due })}
                          </Tag>
                          <StatusTag status={c.report?.status ?? 'none'} />
                          {c.nodeId && c.report?.progress != null && <Tag>{c.report.progress}%</Tag>}
                          {c.report && c.report.evidence.length > 0 && (
                            <Tag icon={<PaperClipOutlined />}>{c.report.evidence.length}</Tag>
                          )}
                        </Space>
                        {c.report?.status === 'returned' && c.report.returnReason && (
                          <Typography.Paragraph type="warning" style={{ margin: '8px 0 0' }} ellipsis={{ rows: 2 }}>
                            {t('inyear.reports.returnedBy', { reason: c.report.returnReason })}
                          </Typography.Paragraph>
                        )}
                      </Card>
                    </List.Item>
                  );
                }}
              />
            </section>
          ))}
        </>
      )}
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        destroyOnHidden
        placement={screens.md ? 'right' : 'bottom'}
        size={screens.md ? 480 : '92%'}
        title={open ? `${open.indicatorName} · ${open.nodeId ? open.nodeName : t('inyear.yearEnd')}` : ''}
      >
        {open && <ReportForm cell={open} onDone={() => setOpen(null)} />}
      </Drawer>
    </div>
  );
}
