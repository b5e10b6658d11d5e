import { useEffect, useMemo, useState } from 'react';
import { listPagination, LoadError, RefreshButton } from '../components/ListParts';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Grid,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
} from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { ColumnsType } from 'antd/es/table';
import { providedRecordsApi, recordsApi, schemesApi, unitsApi } from '../api/endpoints';
import { isApiError } from '../api/client';
import {
  RECORD_KINDS,
  type RecordChoices,
  type RecordCreate,
  type RecordKind,
  type RecordLevel,
  type RecordPatch,
  type RecordQuery,
  type RecordRuleChoice,
  type UnitRecord,
} from '../api/types';
import { useSignedIn } from '../auth/session';
import { applyFieldErrors, errorMessage } from '../components/errors';
import { ExcelButtons } from '../components/ExcelButtons';
import { PageHeader } from '../components/PageHeader';
import { useListParams } from '../components/useListParams';
import { ForbiddenPage } from './ForbiddenPage';

const FILTER_KEYS = ['year', 'kind', 'unitId', 'q'] as const;
const KIND_COLORS: Record<RecordKind, string> = {
  bonus: 'green',
  deduction: 'orange',
  veto: 'red',
  discipline: 'magenta',
};

interface FormValues {
  unitId: string;
  kind: RecordKind;
  ruleId?: string;
  level?: RecordLevel;
  achievementKey?: string;
  title: string;
  documentNo?: string;
  issuedOn?: string;
  amount?: number | null;
  count?: number | null;
  repeat?: boolean;
  note?: string;
}
const FIELDS = [
  'unitId',
  'kind',
  'ruleId',
  'level',
  'achievementKey',
  'title',
  'documentNo',
  'issuedOn',
  'amount',
  'count',
  'repeat',
  'note',
] as const;

const txt = (v: string | undefined | null) => {
  const s = (v ?? '').trim();
  return s === '' ? null : s;
};

function toBody(v: FormValues) {
  return {
    unitId: v.unitId,
    kind: v.kind,
    title: v.title.trim(),
    ruleId: txt(v.ruleId),
    level: v.level ?? null,
    achievementKey: txt(v.achievementKey),
    documentNo: txt(v.documentNo),
    issuedOn: txt(v.issuedOn),
    amount: v.amount ?? null,
    count: v.count ?? 1,
    repeat: !!v.repeat,
    note: txt(v.note),
  };
}

/** The year's scheme's rules a record of this kind may name (bonus categories, deduction rules, veto items). */
function rulesOf(choices: RecordChoices | undefined, kind: RecordKind | undefined): RecordRuleChoice[] {
  if (!choices || !kind || kind === 'discipline') return [];
  return choices[kind];
}

type Lang = 'zh-CN' | 'en';
const langOf = (language: string): Lang => (language.startsWith('en') ? 'en' : 'zh-CN');

/** A level's name: the rule's own (from the scheme's choices), else the known name of the code, else the code. */
function levelLabel(
  t: (k: string, o?: Record<string, unknown>) => string,
  lang: Lang,
  code: string,
  rule: RecordRuleChoice | undefined,
): string {
  const l = rule?.levels.find((x) => x.id === code);
  return l ? l.name[lang] : t(`records.levels.${code}`, { defaultValue: code });
}

function RecordModal({
  open,
  record,
  year,
  units,
  choices,
  rapi,
  kinds = RECORD_KINDS,
  onClose,
  onSaved,
}: {
  /** The kinds the form offers (a data provider: only those it has rules of). */
  kinds?: readonly RecordKind[];
  open: boolean;
  record: UnitRecord | null;
  year: number;
  /** The office's records, or a data provider's own (数据提供单位). */
  rapi: typeof recordsApi;
  units: { value: string; label: string }[];
  choices: RecordChoices | undefined;
  onClose: () => void;
  onSaved: (r: UnitRecord) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form);
  const ruleId = Form.useWatch('ruleId', form);
  const rules = rulesOf(choices, kind);
  const rule = rules.find((r) => r.id === ruleId);

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    if (record) {
      form.setFieldsValue({
        unitId: record.unitId,
        kind: record.kind,
        ruleId: record.ruleId ?? undefined,
        level: record.level ?? undefined,
        achievementKey: record.achievementKey ?? undefined,
        title: record.title,
        documentNo: record.documentNo ?? undefined,
        issuedOn: record.issuedOn ?? undefined,
        amount: record.amount,
        count: record.count,
        repeat: record.repeat,
        note: record.note ?? undefined,
      });
    } else form.setFieldsValue({ kind: kinds[0] ?? 'bonus', count: 1, repeat: false });
  }, [open, record, form, kinds]);

  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const body = toBody(v);
      if (record) return rapi.update(record.id, { ...body, version: record.version } as RecordPatch);
      return rapi.create({ ...body, year } as RecordCreate);
    },
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['records'] });
      onSaved(r);
    },
    onError: (e) => {
      const rest = applyFieldErrors(form, e, FIELDS);
      if (isApiError(e) && e.code === 'VALIDATION_FAILED' && rest.length === 0) setFormError(t('errors.validation'));
      else setFormError(rest.length ? rest.join('；') : errorMessage(e, t));
      if (isApiError(e) && e.code === 'VERSION_CONFLICT') void qc.invalidateQueries({ queryKey: ['records'] });
    },
  });

  // Only what the chosen rule reads: its own levels (by name, with their points), or points where it takes them.
  const leveled = rule?.amountFrom === 'level';
  const pointed = rule?.amountFrom === 'points';
  const amountNote =
    rule && !pointed && rule.amountFrom !== 'level' ? t(`records.amountFrom.${rule.amountFrom}`) : null;
  // who supplies this rule's data (数据提供单位), when the scheme names one
  const providerNote = rule?.provider ? t('records.providerNote', { name: rule.provider.name }) : null;
  const ruleNote =
    amountNote || providerNote ? (
      <span data-testid="record-form-rule-note">{[amountNote, providerNote].filter(Boolean).join('；')}</span>
    ) : null;

  return (
    <Modal
      open={open}
      title={record ? t('records.editTitle') : t('records.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'record-form-ok' } as Record<string, string>}
      width={680}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        onValuesChange={(changed: Partial<FormValues>) => {
          // Another kind or rule: the earlier choice of rule, level or points no longer applies.
          if ('kind' in changed) form.setFieldsValue({ ruleId: undefined, level: undefined, amount: null });
          else if ('ruleId' in changed) form.setFieldsValue({ level: undefined, amount: null });
        }}
        data-testid="record-form"
      >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item
              name="unitId"
              label={t('records.fields.unit')}
              rules={[{ required: true, message: t('records.rules.unitRequired') }]}
            >
              <Select showSearch={{ optionFilterProp: 'label' }} options={units} data-testid="record-form-unit" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="kind"
              label={t('records.fields.kind')}
              rules={[{ required: true, message: t('records.rules.kindRequired') }]}
            >
              <Select
                options={kinds.map((k) => ({ value: k, label: t(`records.kinds.${k}`) }))}
                data-testid="record-form-kind"
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="title"
              label={t('records.fields.title')}
              rules={[{ required: true, whitespace: true, message: t('records.rules.titleRequired') }]}
            >
              <Input maxLength={200} data-testid="record-form-title" />
            </Form.Item>
          </Col>
          {kind !== 'discipline' && (
            <Col xs={24} md={12}>
              <Form.Item
                name="ruleId"
                label={t('records.fields.ruleId')}
                tooltip={t('records.fields.ruleHelp')}
                rules={[{ required: true, message: t('records.rules.ruleRequired') }]}
                extra={ruleNote}
              >
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={rules.map((r) => ({ value: r.id, label: r.name === r.id ? r.id : `${r.name}（${r.id}）` }))}
                  data-testid="record-form-rule"
                />
              </Form.Item>
            </Col>
          )}
          {leveled && (
            <Col xs={12} md={6}>
              <Form.Item
                name="level"
                label={t('records.fields.level')}
                rules={[{ required: true, message: t('records.rules.levelRequired') }]}
                extra={t('records.amountFrom.level')}
              >
                <Select
                  options={(rule?.levels ?? []).map((l) => ({
                    value: l.id,
                    label:
                      l.points === null
                        ? l.name[lang]
                        : t('records.levelPoints', { name: l.name[lang], points: l.points }),
                  }))}
                  data-testid="record-form-level"
                />
              </Form.Item>
            </Col>
          )}
          {pointed && (
            <Col xs={12} md={6}>
              <Form.Item
                name="amount"
                label={t('records.fields.amount')}
                rules={[{ required: true, message: t('records.rules.amountRequired') }]}
              >
                <InputNumber style={{ width: '100%' }} min={0} step={0.5} data-testid="record-form-amount" />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item name="documentNo" label={t('records.fields.documentNo')}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="issuedOn"
              label={t('records.fields.issuedOn')}
              getValueProps={(v?: string) => ({ value: v ? dayjs(v) : null })}
              normalize={(d?: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : undefined)}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {kind === 'deduction' && (
            <>
              <Col xs={6} md={3}>
                <Form.Item name="count" label={t('records.fields.count')}>
                  <InputNumber min={1} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={6} md={3}>
                <Form.Item name="repeat" label={t('records.fields.repeat')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
            </>
          )}
          {kind === 'bonus' && (
            <Col xs={24} md={12}>
              <Form.Item
                name="achievementKey"
                label={t('records.fields.achievementKey')}
                tooltip={t('records.fields.achievementHelp')}
              >
                <Input maxLength={64} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24}>
            <Form.Item name="note" label={t('records.fields.note')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

export default function RecordsPage() {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const { can } = useSignedIn();
  // a department that supplies rules' data (数据提供单位) keeps the records of those rules only
  const provider = !can('records:read') && can('records:provide');
  const rapi = provider ? providedRecordsApi : recordsApi;
  const canWrite = can('records:write') || provider;
  const iconOnly = Grid.useBreakpoint().sm === false;
  const { values, page, pageSize, update } = useListParams(FILTER_KEYS);
  const [search, setSearch] = useState(values.q ?? '');
  const [editing, setEditing] = useState<{ record: UnitRecord | null } | null>(null);
  useEffect(() => setSearch(values.q ?? ''), [values.q]);

  const schemes = useQuery({ queryKey: ['schemes'], queryFn: schemesApi.list, enabled: can('schemes:read') });
  const years = useMemo(() => {
    const ys = new Set((schemes.data?.items ?? []).map((s) => s.year));
    ys.add(dayjs().year());
    return [...ys].sort((a, b) => b - a);
  }, [schemes.data]);
  const defaultYear = schemes.data?.items[0]?.year ?? dayjs().year();
  const year = Number(values.year) || defaultYear;
  // What a record of the year may name: the year's scheme's rules, categories and their own levels.
  const choices = useQuery({
    queryKey: ['records', 'choices', year, provider],
    queryFn: () => rapi.choices(year),
    staleTime: 60_000,
  });
  // a provider records only the kinds it has rules of (never discipline cases)
  const providerKinds = useMemo(
    () =>
      provider
        ? (['bonus', 'deduction', 'veto'] as const).filter((k) => (choices.data?.[k].length ?? 0) > 0)
        : RECORD_KINDS,
    [provider, choices.data],
  );
  const ruleOf = (r: UnitRecord) =>
    r.kind === 'discipline' ? undefined : choices.data?.[r.kind].find((x) => x.id === r.ruleId);

  const units = useQuery({
    queryKey: ['units', { pageSize: 500 }],
    queryFn: () => unitsApi.list({ pageSize: 500 }),
    staleTime: 5 * 60_000,
  });
  const unitOptions = (units.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.code}）` }));

  const query: RecordQuery = {
    year,
    page,
    pageSize,
    ...(values.kind && (RECORD_KINDS as readonly string[]).includes(values.kind)
      ? { kind: values.kind as RecordKind }
      : {}),
    ...(values.unitId ? { unitId: values.unitId } : {}),
    ...(values.q ? { q: values.q } : {}),
  };
  const list = useQuery({
    queryKey: ['records', query, provider],
    queryFn: () => rapi.list(query),
    placeholderData: keepPreviousData,
  });

  const remove = useMutation({
    mutationFn: (r: UnitRecord) => rapi.remove(r.id, r.version),
    onSuccess: () => {
      message.success(t('records.deleted'));
      void qc.invalidateQueries({ queryKey: ['records'] });
    },
    onError: (e) => {
      message.error(errorMessage(e, t));
      void qc.invalidateQueries({ queryKey: ['records'] });
    },
  });

  if (list.isError && isApiError(list.error) && list.error.code === 'FORBIDDEN') return <ForbiddenPage />;

  const columns: ColumnsType<UnitRecord> = [
    {
      title: t('records.fields.unit'),
      dataIndex: 'unitName',
      width: 150,
      render: (n: string, r) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          <div>{n}</div>
          <div className="ys-muted ys-mono" style={{ fontSize: 12 }}>
            {r.unitCode}
          </div>
        </div>
      ),
    },
    {
      title: t('records.fields.kind'),
      dataIndex: 'kind',
      width: 100,
      render: (k: RecordKind) => <Tag color={KIND_COLORS[k]}>{t(`records.kinds.${k}`)}</Tag>,
    },
    {
      title: t('records.fields.title'),
      dataIndex: 'title',
      render: (title: string, r) => (
        <div style={{ minWidth: 180 }}>
          <div>{title}</div>
          {r.documentNo && (
            <div className="ys-muted" style={{ fontSize: 12 }}>
              {r.documentNo}
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('records.fields.ruleId'),
      dataIndex: 'ruleId',
      width: 120,
      responsive: ['md'],
      render: (v: string | null, r) => {
        if (!v) return <span className="ys-muted">—</span>;
        // The scheme's name of the rule, else the known name of a common code; the code itself only as a tooltip.
        const rule = ruleOf(r);
        const name = rule && rule.name !== v ? rule.name : t(`records.ruleNames.${v}`, { defaultValue: '' });
        return name ? <span title={v}>{name}</span> : <span className="ys-mono">{v}</span>;
      },
    },
    {
      title: t('records.fields.level'),
      dataIndex: 'level',
      width: 80,
      responsive: ['md'],
      render: (l: RecordLevel | null, r) => (l ? levelLabel(t, lang, l, ruleOf(r)) : '—'),
    },
    {
      title: t('records.fields.amount'),
      dataIndex: 'amount',
      width: 80,
      align: 'right',
      responsive: ['sm'],
      render: (a: number | null, r) => (
        <span>
          {a ?? '—'}
          {r.count > 1 && <span className="ys-muted"> ×{r.count}</span>}
          {r.repeat && (
            <Tag color="red" style={{ marginInlineStart: 4 }}>
              {t('records.fields.repeat')}
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: t('records.fields.issuedOn'),
      dataIndex: 'issuedOn',
      width: 110,
      responsive: ['lg'],
      render: (d: string | null) => d ?? '—',
    },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 140,
      render: (_, r) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            onClick={() => setEditing({ record: r })}
            aria-label={t('common.edit')}
            data-testid={`record-edit-${r.id}`}
          >
            {iconOnly ? null : t('common.edit')}
          </Button>
          <Popconfirm
            title={t('records.deleteConfirm', { title: r.title })}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, loading: remove.isPending }}
            onConfirm={() => remove.mutateAsync(r).catch(() => undefined)}
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('editor.tree.remove')}>
              {iconOnly ? null : t('editor.tree.remove')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <div data-testid="records-page">
      <PageHeader
        title={t('records.title')}
        subtitle={t('records.subtitle')}
        extra={
          <Space wrap>
            {!provider && (
              <ExcelButtons
                kind="records"
                year={year}
                canWrite={canWrite}
                onImported={() => void qc.invalidateQueries({ queryKey: ['records'] })}
              />
            )}
            {canWrite && providerKinds.length > 0 && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setEditing({ record: null })}
                data-testid="record-create"
              >
                {t('records.create')}
              </Button>
            )}
          </Space>
        }
      />
      <Card variant="borderless">
        {provider && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="records-provider-note"
            title={
              providerKinds.length > 0
                ? t('records.providerScope', {
                    rules: [
                      ...(choices.data?.bonus ?? []),
                      ...(choices.data?.deduction ?? []),
                      ...(choices.data?.veto ?? []),
                    ]
                      .map((r) => r.name)
                      .join('、'),
                  })
                : t('records.providerNone', { year })
            }
          />
        )}
        {choices.data && choices.data.schemeVersionNo === null && (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('records.noScheme', { year })} />
        )}
        {choices.data && choices.data.schemeVersionNo !== null && !choices.data.published && (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('records.draftScheme', { year })} />
        )}
        <div className="ys-toolbar">
          <Select
            value={year}
            onChange={(v: number) => update({ year: v === defaultYear ? undefined : v })}
            options={years.map((y) => ({ value: y, label: `${y}` }))}
            style={{ width: 110 }}
            className="ys-f-select"
            data-testid="records-year"
            aria-label={t('records.year')}
          />
          <Input.Search
            allowClear
            placeholder={t('records.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => update({ q: v.trim() })}
            style={{ width: 240 }}
            className="ys-f-search"
            data-testid="records-search"
          />
          <Select
            allowClear
            placeholder={t('records.filterKind')}
            value={values.kind}
            onChange={(v: string | undefined) => update({ kind: v })}
            options={providerKinds.map((k) => ({ value: k, label: t(`records.kinds.${k}`) }))}
            style={{ width: 130 }}
            className="ys-f-select"
            data-testid="records-filter-kind"
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('records.filterUnit')}
            value={values.unitId}
            onChange={(v: string | undefined) => update({ unitId: v })}
            options={unitOptions}
            style={{ width: 200 }}
            className="ys-f-select"
            data-testid="records-filter-unit"
          />
          <RefreshButton onRefresh={() => void list.refetch()} />
        </div>
        <LoadError error={list.isError ? list.error : null} />
        <Table<UnitRecord>
          rowKey="id"
          data-testid="records-table"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: list.isPending ? ' ' : t('records.empty') }}
          pagination={listPagination(t, page, pageSize, list.data?.total ?? 0, update)}
        />
      </Card>
      <RecordModal
        open={editing !== null}
        record={editing?.record ?? null}
        year={year}
        units={unitOptions}
        choices={choices.data}
        rapi={rapi}
        kinds={providerKinds}
        onClose={() => setEditing(null)}
        onSaved={(r) => {
          message.success(`${t('common.saved')}：${r.title}`);
          setEditing(null);
        }}
      />
    </div>
  );
}
