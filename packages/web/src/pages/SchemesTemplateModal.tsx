import { useEffect, useState } from 'react';
import { Alert, Form, Input, InputNumber, Modal, Radio, Select, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { api } from '../api/client';
import { groupsApi } from '../api/endpoints';
import type { SchemeSummary } from '../api/types';
import { applyFieldErrors, errorMessage } from '../components/errors';

/** A template the product ships (GET /api/schemes/templates, issue 15). */
export interface SchemeTemplate {
  id: string;
  name: string;
  description: string;
  fromYear: number;
  hasEvaluation: boolean;
  groups: { id: string; name: string; kind: 'township' | 'department'; indicators: number }[];
}

export const templatesApi = {
  list: () => api.get('/schemes/templates'),
  create: (body: {
    templateId: string;
    year: number;
    name: string;
    groups: Record<string, string | null>;
    evaluation?: 'keep' | 'drop';
  }) => api.post('/schemes/from-template', { body: body }),
};

/** The "do not use" choice of a template group (a county group code never contains it). */
const DROP = '__drop__';

interface Values {
  templateId: string;
  year: number;
  name: string;
  /** template group id → county group code or DROP; undefined until the office chooses. */
  map: Record<string, string | undefined>;
  evaluation?: 'keep' | 'drop';
}

/**
 * 从模板新建: the office picks a template and maps each of its groups onto one of the county's groups of the same
 * kind, or drops it. Nothing is preselected (no silent defaults); the server refuses a missing mapping too.
 */
export function TemplateSchemeModal({
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
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const templates = useQuery({ queryKey: ['scheme-templates'], queryFn: templatesApi.list, enabled: open });
  const groups = useQuery({ queryKey: ['groups'], queryFn: groupsApi.list, enabled: open });
  const templateId = Form.useWatch('templateId', form);
  const template = templates.data?.items.find((x) => x.id === templateId);
  const countyGroups = (groups.data?.items ?? []).filter((g) => !g.retired);

  const nextYear = schemes.length ? Math.max(...schemes.map((s) => s.year)) + 1 : dayjs().year();
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    form.setFieldsValue({ year: nextYear, name: t('schemes.form.nameDefault', { year: nextYear }), map: {} });
  }, [open]);
  useEffect(() => {
    // one template: offer it (the choice of template is not a mapping; the groups still wait for the office)
    const only = templates.data?.items.length === 1 ? templates.data.items[0] : undefined;
    if (open && only && !form.getFieldValue('templateId')) form.setFieldValue('templateId', only.id);
  }, [open, templates.data]);

  const create = useMutation({
    mutationFn: (v: Values) =>
      templatesApi.create({
        templateId: v.templateId,
        year: v.year,
        name: v.name.trim(),
        groups: Object.fromEntries(
          (template?.groups ?? []).map((g) => {
            const c = v.map?.[g.id];
            return [g.id, c === DROP || c === undefined ? null : c];
          }),
        ),
        ...(template?.hasEvaluation && v.evaluation ? { evaluation: v.evaluation } : {}),
      }),
    onSuccess: (s) => onCreated(s),
    onError: (e) => {
      const rest = applyFieldErrors(form, e, ['year', 'name', 'templateId', 'evaluation']);
      setFormError(rest.length ? rest.join('；') : errorMessage(e, t));
    },
  });

  return (
    <Modal
      open={open}
      title={t('schemes.template.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'scheme-template-ok' } as Record<string, string>}
      width={720}
      destroyOnHidden
    >
      {formError && (
        <Alert
          type="error"
          showIcon
          title={formError}
          style={{ marginBottom: 16 }}
          data-testid="scheme-template-error"
        />
      )}
      <Typography.Paragraph type="secondary">{t('schemes.template.intro')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setFormError(null);
          create.mutate(v);
        }}
        data-testid="scheme-template-form"
      >
        <Form.Item
          name="templateId"
          label={t('schemes.template.template')}
          rules={[{ required: true, message: t('schemes.template.templateRequired') }]}
          extra={template?.description}
        >
          <Select
            data-testid="scheme-template-select"
            loading={templates.isPending}
            options={(templates.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
          />
        </Form.Item>
        <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
          <Form.Item
            name="year"
            label={t('schemes.form.year')}
            rules={[{ required: true, message: t('schemes.form.yearRequired') }]}
          >
            <InputNumber
              min={2000}
              max={2100}
              precision={0}
              style={{ width: 140 }}
              data-testid="scheme-template-year"
            />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('schemes.form.name')}
            style={{ flex: 1, minWidth: 240 }}
            rules={[{ required: true, whitespace: true, message: t('schemes.form.nameRequired') }]}
          >
            <Input maxLength={100} data-testid="scheme-template-name" />
          </Form.Item>
        </div>
        {template && (
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={template.groups}
            data-testid="scheme-template-map"
            columns={[
              {
                title: t('schemes.template.templateGroup'),
                key: 'tpl',
                width: 220,
                render: (_, g) => (
                  <span>
                    {g.name} <Tag style={{ marginInlineStart: 4 }}>{t(`schemes.template.kinds.${g.kind}`)}</Tag>
                    <div className="ys-muted" style={{ fontSize: 12 }}>
                      {t('schemes.template.indicators', { count: g.indicators })}
                    </div>
                  </span>
                ),
              },
              {
                title: t('schemes.template.countyGroup'),
                key: 'county',
                render: (_, g) => {
                  const choices = countyGroups.filter((c) => c.kind === g.kind);
                  return (
                    <Form.Item
                      name={['map', g.id]}
                      style={{ marginBottom: 0 }}
                      rules={[{ required: true, message: t('schemes.template.mapRequired', { name: g.name }) }]}
                      extra={
                        choices.length === 0
                          ? t('schemes.template.noChoice', { kind: t(`schemes.template.kinds.${g.kind}`) })
                          : undefined
                      }
                    >
                      <Select
                        data-testid={`scheme-template-map-${g.id}`}
                        style={{ width: '100%' }}
                        options={[
                          ...choices.map((c) => ({ value: c.code, label: `${c.name}（${c.code}）` })),
                          { value: DROP, label: t('schemes.template.drop') },
                        ]}
                      />
                    </Form.Item>
                  );
                },
              },
            ]}
          />
        )}
        {template?.hasEvaluation && (
          <Form.Item
            name="evaluation"
            label={t('schemes.template.evaluation')}
            style={{ marginTop: 12, marginBottom: 0 }}
            rules={[{ required: true, message: t('schemes.template.evaluationRequired') }]}
          >
            <Radio.Group data-testid="scheme-template-evaluation">
              <Radio value="keep" data-testid="scheme-template-evaluation-keep">
                {t('schemes.template.evaluationKeep')}
              </Radio>
              <Radio value="drop" data-testid="scheme-template-evaluation-drop">
                {t('schemes.template.evaluationDrop')}
              </Radio>
            </Radio.Group>
          </Form.Item>
        )}
        {template && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('schemes.template.after')}
          </Typography.Paragraph>
        )}
      </Form>
    </Modal>
  );
}
