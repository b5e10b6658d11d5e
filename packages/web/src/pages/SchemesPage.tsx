import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Form,
  Grid,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { CopyOutlined, DiffOutlined, EditOutlined, EyeOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { ColumnsType } from 'antd/es/table';
import { schemesApi } from '../api/endpoints';
import type { SchemeSummary } from '../api/types';
import { useSignedIn } from '../auth/session';
import { applyFieldErrors, errorMessage } from '../components/errors';
import { PageHeader } from '../components/PageHeader';
import { TemplateSchemeModal } from './SchemesTemplateModal';

/** 已发布 vN / 草稿 vN tags of a scheme. */
export function SchemeStatusTags({ s }: { s: Pick<SchemeSummary, 'publishedVersion' | 'draftVersion'> }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      {s.publishedVersion != null && (
        <Tag color="green" style={{ marginInlineEnd: 0 }}>
          {t('schemes.status.published', { n: s.publishedVersion })}
        </Tag>
      )}
      {s.draftVersion != null && (
        <Tag color="orange" style={{ marginInlineEnd: 0 }}>
          {t('schemes.status.draft', { n: s.draftVersion })}
        </Tag>
      )}
      {s.publishedVersion == null && s.draftVersion == null && <Tag>{t('schemes.status.none')}</Tag>}
    </Space>
  );
}

interface CreateValues {
  year: number;
  name: string;
  source: 'empty' | 'copy';
  copyFromYear?: number;
}

function CreateSchemeModal({
  open,
  schemes,
  onClose,
  onCreated,
}: {
  open: boolean;
  schemes: SchemeSummary[];
  onClose: () => void;
  onCreated: (s: SchemeSummary) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const source = Form.useWatch('source', form);
  const nameEdited = useRef(false);

  // the copied scheme's name with the new year (示范县2018年度… → 示范县2020年度…), else a plain default
  const defaultName = (v: Partial<CreateValues>) => {
    const year = v.year ?? 0;
    const src = v.source === 'copy' ? schemes.find((s) => s.year === v.copyFromYear) : undefined;
    if (src && src.name.includes(String(src.year))) return src.name.split(String(src.year)).join(String(year));
    return t('schemes.form.nameDefault', { year });
  };
  const nextYear = schemes.length ? Math.max(...schemes.map((s) => s.year)) + 1 : dayjs().year();
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    nameEdited.current = false;
    const latest = [...schemes].sort((a, b) => b.year - a.year)[0];
    const initial: CreateValues = {
      year: nextYear,
      name: '',
      source: latest ? 'copy' : 'empty',
      copyFromYear: latest?.year,
    };
    form.setFieldsValue({ ...initial, name: defaultName(initial) });
  }, [open]);

  const create = useMutation({
    mutationFn: (v: CreateValues) =>
      schemesApi.create({
        year: v.year,
        name: v.name.trim(),
        ...(v.source === 'copy' && v.copyFromYear ? { copyFromYear: v.copyFromYear } : {}),
      }),
    onSuccess: (s) => onCreated(s),
    onError: (e) => {
      const rest = applyFieldErrors(form, e, ['year', 'name', 'copyFromYear']);
      setFormError(rest.length ? rest.join('；') : errorMessage(e, t));
    },
  });

  return (
    <Modal
      open={open}
      title={t('schemes.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'scheme-form-ok' } as Record<string, string>}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form<CreateValues>
        form={form}
        layout="vertical"
        onFinish={(v) => create.mutate(v)}
        data-testid="scheme-form"
        onValuesChange={(changed: Partial<CreateValues>) => {
          // the default name follows the year until the user types a name of their own
          if ('name' in changed) nameEdited.current = true;
          else if (!nameEdited.current && (changed.year || changed.copyFromYear || changed.source))
            form.setFieldValue('name', defaultName(form.getFieldsValue()));
        }}
      >
        <Form.Item
          name="year"
          label={t('schemes.form.year')}
          rules={[{ required: true, message: t('schemes.form.yearRequired') }]}
        >
          <InputNumber min={2000} max={2100} precision={0} style={{ width: 160 }} data-testid="scheme-form-year" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('schemes.form.name')}
          rules={[{ required: true, whitespace: true, message: t('schemes.form.nameRequired') }]}
        >
          <Input maxLength={100} data-testid="scheme-form-name" />
        </Form.Item>
        <Form.Item name="source" label={t('schemes.form.source')}>
          <Radio.Group data-testid="scheme-form-source">
            <Radio value="empty">{t('schemes.form.empty')}</Radio>
            <Radio value="copy" disabled={schemes.length === 0}>
              {t('schemes.form.copy')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        {source === 'copy' && (
          <Form.Item
            name="copyFromYear"
            label={t('schemes.form.copyFrom')}
            extra={t('schemes.form.copyHelp')}
            rules={[{ required: true, message: t('schemes.form.copyRequired') }]}
          >
            <Select
              style={{ width: 240 }}
              data-testid="scheme-form-copy"
              options={schemes.map((s) => ({ value: s.year, label: `${s.year} · ${s.name}` }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

export default function SchemesPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { can } = useSignedIn();
  const canWrite = can('schemes:write');
  const [creating, setCreating] = useState(false);
  const [fromTemplate, setFromTemplate] = useState(false);
  const narrow = Grid.useBreakpoint().sm === false;
  const list = useQuery({ queryKey: ['schemes'], queryFn: schemesApi.list });
  const items = list.data?.items ?? [];

  const columns: ColumnsType<SchemeSummary> = [
    {
      title: t('schemes.columns.year'),
      dataIndex: 'year',
      width: 90,
      render: (y: number) => <b>{y}</b>,
    },
    {
      title: t('schemes.columns.name'),
      dataIndex: 'name',
      render: (name: string, s) => (
        <div>
          <Typography.Link onClick={() => navigate(`/schemes/${s.id}`)} data-testid={`scheme-name-${s.year}`}>
            {name}
          </Typography.Link>
          {/* on a phone the status column is hidden; the tags go under the name */}
          {narrow && (
            <div style={{ marginTop: 4 }}>
              <SchemeStatusTags s={s} />
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('schemes.columns.status'),
      key: 'status',
      width: 200,
      responsive: ['sm'],
      render: (_, s) => <SchemeStatusTags s={s} />,
    },
    {
      title: t('schemes.columns.indicators'),
      dataIndex: 'indicatorCount',
      width: 90,
      align: 'right',
      responsive: ['sm'],
    },
    {
      title: t('schemes.columns.groups'),
      dataIndex: 'groupCount',
      width: 80,
      align: 'right',
      responsive: ['md'],
    },
    {
      title: t('schemes.columns.updatedAt'),
      dataIndex: 'updatedAt',
      width: 150,
      responsive: ['lg'],
      render: (v: string) => <span className="ys-muted">{dayjs(v).format('YYYY-MM-DD HH:mm')}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      render: (_, s) => {
        const editable = canWrite && s.draftVersion != null;
        return (
          <Button
            type="link"
            size="small"
            icon={editable ? <EditOutlined /> : <EyeOutlined />}
            onClick={() => navigate(`/schemes/${s.id}`)}
            data-testid={`scheme-open-${s.year}`}
          >
            {editable ? t('common.edit') : t('schemes.view')}
          </Button>
        );
      },
    },
  ];

  return (
    <div data-testid="schemes-page">
      <PageHeader
        title={t('schemes.title')}
        subtitle={t('schemes.subtitle')}
        extra={
          <Space wrap>
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
            </Tooltip>
            <Button icon={<DiffOutlined />} onClick={() => navigate('/schemes/diff')} data-testid="scheme-diff">
              {t('schemes.diff')}
            </Button>
            {canWrite && (
              <Button icon={<CopyOutlined />} onClick={() => setFromTemplate(true)} data-testid="scheme-from-template">
                {t('schemes.template.button')}
              </Button>
            )}
            {canWrite && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="scheme-create"
              >
                {t('schemes.create')}
              </Button>
            )}
          </Space>
        }
      />
      <Card variant="borderless">
        {list.isError && (
          <Typography.Text type="danger" style={{ display: 'block', marginBottom: 12 }}>
            {t('errors.loadFailed')}：{errorMessage(list.error, t)}
          </Typography.Text>
        )}
        <Table<SchemeSummary>
          rowKey="id"
          data-testid="schemes-table"
          columns={columns}
          dataSource={items}
          loading={list.isFetching}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: list.isPending ? ' ' : t('schemes.empty') }}
        />
      </Card>
      <TemplateSchemeModal
        open={fromTemplate}
        schemes={items}
        onClose={() => setFromTemplate(false)}
        onCreated={(s) => {
          setFromTemplate(false);
          message.success(t('schemes.created', { year: s.year }));
          void qc.invalidateQueries({ queryKey: ['schemes'] });
          navigate(`/schemes/${s.id}`);
        }}
      />
      <CreateSchemeModal
        open={creating}
        schemes={items}
        onClose={() => setCreating(false)}
        onCreated={(s) => {
          setCreating(false);
          message.success(t('schemes.created', { year: s.year }));
          void qc.invalidateQueries({ queryKey: ['schemes'] });
          navigate(`/schemes/${s.id}`);
        }}
      />
    </div>
  );
}
