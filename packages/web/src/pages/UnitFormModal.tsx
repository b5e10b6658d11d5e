import { useEffect, useState } from 'react';
import { Alert, Button, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { groupsApi, unitsApi } from '../api/endpoints';
import { isApiError } from '../api/client';
import type { Unit, UnitCreate, UnitKind, UnitPatch } from '../api/types';
import { applyFieldErrors, errorMessage } from '../components/errors';

interface UnitFormValues {
  code: string;
  name: string;
  shortName?: string;
  kind: UnitKind;
  groupId: string;
  contactName?: string;
  contactPhone?: string;
  sortOrder?: number | null;
}

const FIELDS = ['code', 'name', 'shortName', 'kind', 'groupId', 'contactName', 'contactPhone', 'sortOrder'] as const;
const OPTIONAL_TEXT = ['shortName', 'contactName', 'contactPhone'] as const;

function toValues(u: Unit): UnitFormValues {
  return {
    code: u.code,
    name: u.name,
    shortName: u.shortName ?? '',
    kind: u.kind,
    groupId: u.groupId,
    contactName: u.contactName ?? '',
    contactPhone: u.contactPhone ?? '',
    sortOrder: u.sortOrder,
  };
}

function text(v: string | undefined): string | null {
  const s = (v ?? '').trim();
  return s === '' ? null : s;
}

/** Only the fields that changed, plus the version that was read (optimistic locking). */
function toPatch(u: Unit, v: UnitFormValues): UnitPatch {
  const patch: UnitPatch = { version: u.version };
  if (v.name.trim() !== u.name) patch.name = v.name.trim();
  if (v.kind !== u.kind) patch.kind = v.kind;
  if (v.groupId !== u.groupId) patch.groupId = v.groupId;
  for (const k of OPTIONAL_TEXT) {
    const nv = text(v[k]);
    if (nv !== u[k]) patch[k] = nv;
  }
  if (v.sortOrder !== undefined && v.sortOrder !== null && v.sortOrder !== u.sortOrder) patch.sortOrder = v.sortOrder;
  return patch;
}

function toCreate(v: UnitFormValues): UnitCreate {
  const body: UnitCreate = { code: v.code.trim(), name: v.name.trim(), kind: v.kind, groupId: v.groupId };
  for (const k of OPTIONAL_TEXT) {
    const nv = text(v[k]);
    if (nv !== null) body[k] = nv;
  }
  if (v.sortOrder !== undefined && v.sortOrder !== null) body.sortOrder = v.sortOrder;
  return body;
}

interface Props {
  open: boolean;
  /** The unit to edit; null to create one. */
  unit: Unit | null;
  onClose: () => void;
  onSaved: (u: Unit, created: boolean) => void;
}

export function UnitFormModal({ open, unit, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<UnitFormValues>();
  const [formError, setFormError] = useState<{ text: string; conflict: boolean } | null>(null);
  const [current, setCurrent] = useState<Unit | null>(unit);
  const groups = useQuery({ queryKey: ['groups'], queryFn: groupsApi.list, enabled: open });

  useEffect(() => {
    if (!open) return;
    setCurrent(unit);
    setFormError(null);
    form.resetFields();
    form.setFieldsValue(unit ? toValues(unit) : { sortOrder: null });
  }, [open, unit, form]);

  const save = useMutation({
    mutationFn: async (v: UnitFormValues) =>
      current ? unitsApi.update(current.id, toPatch(current, v)) : unitsApi.create(toCreate(v)),
    onSuccess: (u) => {
      void qc.invalidateQueries({ queryKey: ['units'] });
      void qc.invalidateQueries({ queryKey: ['groups'] });
      void qc.invalidateQueries({ queryKey: ['overview'] });
      onSaved(u, current === null);
    },
    onError: (e, v) => {
      const rest = applyFieldErrors(form, e, FIELDS);
      if (isApiError(e) && e.code === 'VALIDATION_FAILED') {
        setFormError(
          rest.length ? { text: rest.join('；'), conflict: false } : { text: t('errors.validation'), conflict: false },
        );
        return;
      }
      if (isApiError(e) && e.code === 'CONFLICT') {
        // A taken code or name. The error carries no field path, so match the value the message quotes.
        const path = e.details[0]?.path;
        const field =
          path === 'code' || path === 'name'
            ? path
            : !current && v.code && e.message.includes(v.code.trim())
              ? 'code'
              : v.name && e.message.includes(v.name.trim())
                ? 'name'
                : null;
        if (field) form.setFields([{ name: field, errors: [e.message] }]);
        setFormError({ text: e.message || t('errors.conflict'), conflict: false });
        return;
      }
      setFormError({ text: errorMessage(e, t), conflict: isApiError(e) && e.code === 'VERSION_CONFLICT' });
    },
  });

  const reload = async () => {
    if (!current) return;
    try {
      const fresh = await unitsApi.get(current.id);
      setCurrent(fresh);
      form.setFieldsValue(toValues(fresh));
      setFormError(null);
      void qc.invalidateQueries({ queryKey: ['units'] });
    } catch (e) {
      setFormError({ text: errorMessage(e, t), conflict: false });
    }
  };

  // A retired group takes no units (issue 15); a unit already in one still shows it.
  const groupOptions = (groups.data?.items ?? [])
    .filter((g) => !g.retired || g.id === unit?.groupId)
    .map((g) => ({ value: g.id, label: g.name, kind: g.kind }));

  return (
    <Modal
      open={open}
      title={current ? t('units.editTitle') : t('units.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'unit-form-ok' }}
      cancelButtonProps={{ 'data-testid': 'unit-form-cancel' }}
      width={680}
      forceRender
      mask={{ closable: false }}
    >
      {formError && (
        <Alert
          type={formError.conflict ? 'warning' : 'error'}
          showIcon
          title={formError.text}
          style={{ marginBottom: 16 }}
          data-testid="unit-form-error"
          action={
            formError.conflict ? (
              <Button size="small" onClick={() => void reload()}>
                {t('common.reload')}
              </Button>
            ) : undefined
          }
        />
      )}
      <Form<UnitFormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setFormError(null);
          save.mutate(v);
        }}
        data-testid="unit-form"
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="code"
              label={t('units.fields.code')}
              extra={current ? undefined : t('units.fields.codeHelp')}
              rules={[
                { required: true, whitespace: true, message: t('units.rules.codeRequired') },
                { pattern: /^[A-Za-z0-9_-]{1,32}$/, message: t('units.rules.codePattern') },
              ]}
            >
              <Input disabled={current !== null} maxLength={32} data-testid="unit-form-code" className="ys-mono" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="name"
              label={t('units.fields.name')}
              rules={[
                { required: true, whitespace: true, message: t('units.rules.nameRequired') },
                { max: 64, message: t('units.rules.nameMax') },
              ]}
            >
              <Input maxLength={64} data-testid="unit-form-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="shortName" label={t('units.fields.shortName')}>
              <Input maxLength={32} placeholder={t('common.optional')} data-testid="unit-form-shortName" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="sortOrder" label={t('units.fields.sortOrder')} extra={t('units.fields.sortOrderHelp')}>
              <InputNumber
                style={{ width: '100%' }}
                min={0}
                max={99999}
                precision={0}
                data-testid="unit-form-sortOrder"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="groupId"
              label={t('units.fields.group')}
              rules={[{ required: true, message: t('units.rules.groupRequired') }]}
            >
              <Select
                options={groupOptions}
                loading={groups.isPending}
                showSearch={{ optionFilterProp: 'label' }}
                data-testid="unit-form-group"
                onChange={(id: string) => {
                  // A group holds one kind of unit; follow it so the two cannot disagree by accident.
                  const g = groupOptions.find((o) => o.value === id);
                  if (g) form.setFieldValue('kind', g.kind);
                }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="kind"
              label={t('units.fields.kind')}
              rules={[{ required: true, message: t('units.rules.kindRequired') }]}
            >
              <Select
                data-testid="unit-form-kind"
                options={(['township', 'department'] as const).map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="contactName" label={t('units.fields.contactName')}>
              <Input maxLength={32} placeholder={t('common.optional')} data-testid="unit-form-contactName" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="contactPhone"
              label={t('units.fields.contactPhone')}
              rules={[{ pattern: /^[0-9 +-]*$/, message: t('units.rules.phonePattern') }]}
            >
              <Input maxLength={32} placeholder={t('common.optional')} data-testid="unit-form-contactPhone" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
