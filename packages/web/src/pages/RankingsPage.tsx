// 外部排名数据 (issue 17): the periodic rankings a deduction rule reads (places in another ranking), entered by the
// office per year, ranking and period; leaders read. Shapes from `@yardstick/server/contract` (api/rankings.ts).
import { useEffect, useMemo, useState } from 'react';
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
  Table,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { ColumnsType } from 'antd/es/table';
import { schemesApi } from '../api/endpoints';
import { isApiError } from '../api/client';
import { rankingsApi, type RankingEntry, type RankingTable, type RankingsYear } from '../api/rankings';
import { useSignedIn } from '../auth/session';
import { errorMessage } from '../components/errors';
import { ExcelButtons } from '../components/ExcelButtons';
import { PageHeader } from '../components/PageHeader';
import { RefreshButton, LoadError } from '../components/ListParts';
import { useListParams } from '../components/useListParams';
import { ForbiddenPage } from './ForbiddenPage';

const YEAR_KEY = ['year'] as const;

interface PlaceValues {
  subUnit?: string;
  unitId?: string;
  place?: number | null;
}
interface FormValues {
  period: string;
  date?: string;
  size: number;
  places: PlaceValues[];
}

/** The ranking's name for people: the names of the rules that read it (the id only when a rule has no name). */
const rankingLabel = (r: RankingEntry) => [...new Set(r.rules.map((x) => x.name ?? x.id))].join('、');

function PeriodModal({
  open,
  year,
  ranking,
  table,
  units,
  onClose,
}: {
  open: boolean;
  year: number;
  ranking: RankingEntry | null;
  table: RankingTable | null;
  units: RankingsYear['units'];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    if (table)
      form.setFieldsValue({
        period: table.period,
        ...(table.date ? { date: table.date } : {}),
        size: table.size,
        places: table.places.map((p) => ({ subUnit: p.subUnit, unitId: p.unit.id, place: p.place })),
      });
    else form.setFieldsValue({ places: [{}] });
  }, [open, table, form]);

  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const body = {
        period: v.period.trim(),
        date: v.date ?? null,
        size: v.size,
        places: v.places.map((p) => ({
          subUnit: (p.subUnit ?? '').trim(),
          unitId: p.unitId ?? '',
          place: p.place ?? 0,
        })),
      };
      if (table) return rankingsApi.update(table.id, { ...body, version: table.version });
      return rankingsApi.create({ ...body, year, ranking: ranking?.ranking ?? '' });
    },
    onSuccess: (r) => {
      message.success(t('rankings.saved', { period: r.period }));
      void qc.invalidateQueries({ queryKey: ['rankings'] });
      onClose();
    },
    onError: (e) => {
      setFormError(errorMessage(e, t));
      if (isApiError(e) && e.code === 'VERSION_CONFLICT') void qc.invalidateQueries({ queryKey: ['rankings'] });
    },
  });

  const unitOptions = units.map((u) => ({ value: u.id, label: u.name }));
  return (
    <Modal
      open={open}
      title={
        <div>
          <div>{table ? t('rankings.editPeriod', { period: table.period }) : t('rankings.createTitle')}</div>
          {ranking && (
            <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
              {rankingLabel(ranking)}
            </Typography.Text>
          )}
        </div>
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'rankings-form-ok' } as Record<string, string>}
      width={720}
      destroyOnHidden
    >
      {formError && (
        <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="rankings-form-error" />
      )}
      <Form<FormValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="rankings-form">
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item
              name="period"
              label={t('rankings.fields.period')}
              tooltip={t('rankings.fields.periodHelp')}
              rules={[{ required: true, whitespace: true, message: t('rankings.rules.periodRequired') }]}
            >
              <Input maxLength={32} placeholder={`${year}-03`} data-testid="rankings-form-period" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              name="date"
              label={t('rankings.fields.date')}
              tooltip={t('rankings.fields.dateHelp')}
              getValueProps={(v?: string) => ({ value: v ? dayjs(v) : null })}
              normalize={(d?: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : undefined)}
            >
              <DatePicker style={{ width: '100%' }} data-testid="rankings-form-date" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              name="size"
              label={t('rankings.fields.size')}
              tooltip={t('rankings.fields.sizeHelp')}
              rules={[{ required: true, message: t('rankings.rules.sizeRequired') }]}
            >
              <InputNumber
                min={1}
                max={10000}
                precision={0}
                style={{ width: '100%' }}
                data-testid="rankings-form-size"
              />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{t('rankings.fields.places')}</Typography.Text>
        <div className="ys-muted" style={{ fontSize: 12, marginBottom: 8 }}>
          {t('rankings.fields.placesHelp')}
        </div>
        <Form.List
          name="places"
          rules={[
            {
              validator: async (_, v?: PlaceValues[]) => {
                if (!v || v.length === 0) throw new Error(t('rankings.rules.placesRequired'));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f, i) => (
                <Row gutter={8} key={f.key} align="top" data-testid={`rankings-place-${i}`}>
                  <Col xs={24} sm={9}>
                    <Form.Item
                      name={[f.name, 'subUnit']}
                      rules={[{ required: true, whitespace: true, message: t('rankings.rules.subUnitRequired') }]}
                    >
                      <Input
                        maxLength={64}
                        placeholder={t('rankings.fields.subUnitPlaceholder')}
                        aria-label={t('rankings.fields.subUnit')}
                        data-testid={`rankings-place-${i}-sub`}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={14} sm={9}>
                    <Form.Item
                      name={[f.name, 'unitId']}
                      rules={[{ required: true, message: t('rankings.rules.unitRequired') }]}
                    >
                      <Select
                        showSearch={{ optionFilterProp: 'label' }}
                        options={unitOptions}
                        placeholder={t('rankings.fields.unit')}
                        aria-label={t('rankings.fields.unit')}
                        data-testid={`rankings-place-${i}-unit`}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={7} sm={4}>
                    <Form.Item
                      name={[f.name, 'place']}
                      rules={[{ required: true, message: t('rankings.rules.placeRequired') }]}
                    >
                      <InputNumber
                        min={1}
                        max={10000}
                        precision={0}
                        placeholder={t('rankings.fields.place')}
                        aria-label={t('rankings.fields.place')}
                        style={{ width: '100%' }}
                        data-testid={`rankings-place-${i}-place`}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={3} sm={2}>
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(f.name)}
                      aria-label={t('editor.tree.remove')}
                      disabled={fields.length <= 1}
                    />
                  </Col>
                </Row>
              ))}
              <Form.ErrorList errors={errors} />
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({})}
                data-testid="rankings-place-add"
              >
                {t('rankings.fields.addPlace')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function RankingCard({
  entry,
  canWrite,
  onAdd,
  onEdit,
}: {
  entry: RankingEntry;
  canWrite: boolean;
  onAdd: () => void;
  onEdit: (t: RankingTable) => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const iconOnly = Grid.useBreakpoint().sm === false;
  const bottom = Math.max(...entry.rules.map((r) => r.bottom));
  const remove = useMutation({
    mutationFn: (r: RankingTable) => rankingsApi.remove(r.id, r.version),
    onSuccess: () => message.success(t('rankings.deleted')),
    onError: (e) => message.error(errorMessage(e, t)),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['rankings'] }),
  });
  const columns: ColumnsType<RankingTable> = [
    { title: t('rankings.columns.period'), dataIndex: 'period', width: 100 },
    {
      title: t('rankings.columns.date'),
      dataIndex: 'date',
      width: 110,
      responsive: ['md'],
      render: (d: string | null) => d ?? '—',
    },
    { title: t('rankings.columns.size'), dataIndex: 'size', width: 90, align: 'right', responsive: ['sm'] },
    {
      title: t('rankings.columns.places'),
      key: 'places',
      render: (_, r) => (
        <Space size={[4, 4]} wrap>
          {r.places.map((p) => (
            <Tag
              key={`${p.subUnit}|${p.place}`}
              color={p.place >= r.size - bottom + 1 ? 'red' : undefined}
              data-testid="rankings-place-tag"
            >
              {t('rankings.placeOf', { subUnit: p.subUnit, unit: p.unit.name, place: p.place })}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];
  if (canWrite)
    columns.push({
      title: t('rankings.columns.actions'),
      key: 'actions',
      width: iconOnly ? 80 : 150,
      render: (_, r) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            onClick={() => onEdit(r)}
            aria-label={t('common.edit')}
            data-testid={`rankings-edit-${r.period}`}
          >
            {iconOnly ? null : t('common.edit')}
          </Button>
          <Popconfirm
            title={t('rankings.deleteConfirm', { period: r.period })}
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
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="rankings-card"
      title={
        <div style={{ whiteSpace: 'normal' }}>
          <div>{rankingLabel(entry)}</div>
          <div className="ys-muted" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {entry.rules.map((r) => t('rankings.rule', { bottom: r.bottom, points: r.points })).join('；')}
          </div>
        </div>
      }
      extra={
        canWrite && (
          <Button icon={<PlusOutlined />} onClick={onAdd} data-testid="rankings-add-period">
            {iconOnly ? null : t('rankings.addPeriod')}
          </Button>
        )
      }
    >
      {entry.tables.length === 0 ? (
        <Alert type="warning" showIcon title={t('rankings.noPeriods')} data-testid="rankings-no-periods" />
      ) : (
        <Table<RankingTable>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={entry.tables}
          pagination={entry.tables.length > 12 ? { pageSize: 12, size: 'small' } : false}
          data-testid="rankings-periods"
        />
      )}
    </Card>
  );
}

export default function RankingsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { can } = useSignedIn();
  const { values, update } = useListParams(YEAR_KEY);
  const [editing, setEditing] = useState<{ entry: RankingEntry; table: RankingTable | null } | null>(null);

  const schemes = useQuery({ queryKey: ['schemes'], queryFn: schemesApi.list, enabled: can('schemes:read') });
  const years = useMemo(() => {
    const ys = new Set((schemes.data?.items ?? []).map((s) => s.year));
    ys.add(dayjs().year());
    return [...ys].sort((a, b) => b - a);
  }, [schemes.data]);
  const defaultYear = schemes.data?.items[0]?.year ?? dayjs().year();
  const year = Number(values.year) || defaultYear;
  const data = useQuery({ queryKey: ['rankings', year], queryFn: () => rankingsApi.list(year) });
  if (data.isError && isApiError(data.error) && data.error.code === 'FORBIDDEN') return <ForbiddenPage />;

  const d = data.data;
  const canWrite = can('records:write') && d?.frozen === false;
  return (
    <div data-testid="rankings-page">
      <PageHeader
        title={t('rankings.title')}
        subtitle={t('rankings.subtitle')}
        extra={
          <ExcelButtons
            kind="rankings"
            year={year}
            canWrite={canWrite}
            onImported={() => void qc.invalidateQueries({ queryKey: ['rankings'] })}
          />
        }
      />
      <div className="ys-toolbar" style={{ marginBottom: 12 }}>
        <Select
          value={year}
          onChange={(v: number) => update({ year: v === defaultYear ? undefined : v })}
          options={years.map((y) => ({ value: y, label: `${y}` }))}
          style={{ width: 110 }}
          className="ys-f-select"
          data-testid="rankings-year"
          aria-label={t('rankings.year')}
        />
        <RefreshButton onRefresh={() => void data.refetch()} />
      </div>
      <LoadError error={data.isError ? data.error : null} />
      {d && d.schemeVersionNo === null && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('rankings.noScheme', { year })} />
      )}
      {d && d.schemeVersionNo !== null && d.rankings.length === 0 && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('rankings.noRule', { year })} />
      )}
      {d?.frozen && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('rankings.frozen', { year })} />}
      {d && !d.frozen && !can('records:write') && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('rankings.readOnly')} />
      )}
      {d && d.unused.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('rankings.unused', {
            list: [...new Set(d.unused.map((u) => `${u.ranking} ${u.period}`))].join('、'),
          })}
        />
      )}
      {d?.rankings.map((entry) => (
        <RankingCard
          key={entry.ranking}
          entry={entry}
          canWrite={canWrite}
          onAdd={() => setEditing({ entry, table: null })}
          onEdit={(table) => setEditing({ entry, table })}
        />
      ))}
      <PeriodModal
        open={editing !== null}
        year={year}
        ranking={editing?.entry ?? null}
        table={editing?.table ?? null}
        units={d?.units ?? []}
        onClose={() => setEditing(null)}
      />
    </div>
  );
}
