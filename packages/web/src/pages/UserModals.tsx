import { useEffect, useState } from 'react';
import { Alert, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unitsApi, usersApi } from '../api/endpoints';
import { isApiError } from '../api/client';
import {
  BUSINESS_ROLES,
  ROLES,
  ROLES_WITH_UNIT,
  type Role,
  type User,
  type UserCreate,
  type UserPatch,
} from '../api/types';
import { useSignedIn } from '../auth/session';
import { applyFieldErrors, errorMessage } from '../components/errors';

/** Mirrors the server's rule so most mistakes are caught before the round trip; the server still decides. */
export function strongPassword(p: string): boolean {
  if (p.length < 10) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length;
  return classes >= 3;
}

interface UserFormValues {
  username: string;
  displayName: string;
  role: Role;
  unitId?: string | null;
  password?: string;
}

const FIELDS = ['username', 'displayName', 'role', 'unitId', 'password'] as const;

interface FormProps {
  open: boolean;
  user: User | null;
  onClose: () => void;
  onSaved: (u: User, created: boolean) => void;
}

export function UserFormModal({ open, user, onClose, onSaved }: FormProps) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { can } = useSignedIn();
  const canWrite = can('users:write');
  const canAssign = can('users:assignRole');
  const canReadUnits = can('units:read');
  const [form] = Form.useForm<UserFormValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const role = Form.useWatch('role', form);
  const needsUnit = role !== undefined && ROLES_WITH_UNIT.includes(role);

  const units = useQuery({
    queryKey: ['units', { pageSize: 500, active: true }],
    queryFn: () => unitsApi.list({ pageSize: 500, active: true }),
    enabled: open && canReadUnits && needsUnit,
  });

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    if (user)
      form.setFieldsValue({
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        unitId: user.unitId,
      });
  }, [open, user, form]);

  const save = useMutation({
    mutationFn: async (v: UserFormValues) => {
      const unitId = v.role && ROLES_WITH_UNIT.includes(v.role) ? (v.unitId ?? null) : null;
      if (!user) {
        const body: UserCreate = {
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          role: v.role,
          password: v.password ?? '',
          ...(unitId ? { unitId } : {}),
        };
        return usersApi.create(body);
      }
      const patch: UserPatch = { version: user.version };
      if (v.displayName.trim() !== user.displayName) patch.displayName = v.displayName.trim();
      if (v.role !== user.role) patch.role = v.role;
      if (unitId !== user.unitId) patch.unitId = unitId;
      return usersApi.update(user.id, patch);
    },
    onSuccess: (u) => {
      void qc.invalidateQueries({ queryKey: ['users'] });
      void qc.invalidateQueries({ queryKey: ['overview'] });
      onSaved(u, user === null);
    },
    onError: (e) => {
      const rest = applyFieldErrors(form, e, FIELDS);
      if (isApiError(e) && e.code === 'VALIDATION_FAILED') {
        setFormError(rest.length ? rest.join('；') : t('errors.validation'));
        return;
      }
      if (isApiError(e) && e.code === 'CONFLICT' && !user) form.setFields([{ name: 'username', errors: [e.message] }]);
      if (isApiError(e) && e.code === 'VERSION_CONFLICT') void qc.invalidateQueries({ queryKey: ['users'] });
      setFormError(errorMessage(e, t));
    },
  });

  // Admin roles can only be granted by users:assignRole; a sysadmin creates business accounts.
  const roleChoices = canAssign ? ROLES : BUSINESS_ROLES;
  const roleOptions = [...new Set<Role>([...roleChoices, ...(user ? [user.role] : [])])].map((r) => ({
    value: r,
    label: t(`roles.${r}`),
  }));
  const roleEditable = user ? canAssign : canWrite || canAssign;
  const unitOptions = canReadUnits
    ? (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))
    : user?.unitId
      ? [{ value: user.unitId, label: user.unitName ?? user.unitId }]
      : [];

  return (
    <Modal
      open={open}
      title={user ? t('users.editTitle') : t('users.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'user-form-ok' }}
      cancelButtonProps={{ 'data-testid': 'user-form-cancel' }}
      width={640}
      forceRender
      mask={{ closable: false }}
    >
      {formError && (
        <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="user-form-error" />
      )}
      <Form<UserFormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setFormError(null);
          save.mutate(v);
        }}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="username"
              label={t('users.fields.username')}
              extra={user ? undefined : t('users.fields.usernameHelp')}
              rules={[
                { required: true, message: t('users.rules.usernameRequired') },
                { pattern: /^[a-z0-9_.-]{3,32}$/, message: t('users.rules.usernamePattern') },
              ]}
            >
              <Input
                disabled={user !== null}
                maxLength={32}
                autoComplete="off"
                className="ys-mono"
                data-testid="user-form-username"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="displayName"
              label={t('users.fields.displayName')}
              rules={[{ required: true, whitespace: true, message: t('users.rules.displayNameRequired') }]}
            >
              <Input maxLength={64} disabled={user !== null && !canWrite} data-testid="user-form-displayName" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="role"
              label={t('users.fields.role')}
              extra={roleEditable ? undefined : t('users.fields.roleLocked')}
              rules={[{ required: true, message: t('users.rules.roleRequired') }]}
            >
              <Select options={roleOptions} disabled={!roleEditable} data-testid="user-form-role" />
            </Form.Item>
          </Col>
          {needsUnit && (
            <Col xs={24} sm={12}>
              <Form.Item
                name="unitId"
                label={t('users.fields.unit')}
                extra={
                  canReadUnits
                    ? role === 'unit'
                      ? t('users.fields.unitHelpUnit')
                      : t('users.fields.unitHelpAssessor')
                    : t('users.unitsUnavailable')
                }
                rules={[{ required: true, message: t('users.rules.unitRequired') }]}
              >
                <Select
                  options={unitOptions}
                  loading={units.isFetching}
                  disabled={!canReadUnits}
                  showSearch={{ optionFilterProp: 'label' }}
                  data-testid="user-form-unit"
                />
              </Form.Item>
            </Col>
          )}
          {!user && (
            <Col xs={24} sm={12}>
              <Form.Item
                name="password"
                label={t('users.fields.password')}
                extra={t('users.fields.passwordHelp')}
                rules={[
                  { required: true, message: t('users.rules.passwordRequired') },
                  {
                    validator: (_, v: string | undefined) =>
                      !v || strongPassword(v)
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('users.rules.passwordWeak'))),
                  },
                ]}
              >
                <Input.Password autoComplete="new-password" data-testid="user-form-password" />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Form>
    </Modal>
  );
}

interface ResetValues {
  password: string;
  confirm: string;
}

export function ResetPasswordModal({
  user,
  onClose,
  onDone,
}: {
  user: User | null;
  onClose: () => void;
  onDone: (u: User, pending: boolean) => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<ResetValues>();
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (user) {
      form.resetFields();
      setFormError(null);
    }
  }, [user, form]);

  const reset = useMutation({
    mutationFn: (v: ResetValues) => {
      if (!user) throw new Error('no user');
      return usersApi.resetPassword(user.id, v.password);
    },
    onSuccess: (out) => {
      void qc.invalidateQueries({ queryKey: ['users'] });
      if (user) onDone(user, out?.status === 'pending');
    },
    onError: (e) => {
      applyFieldErrors(form, e, ['password']);
      setFormError(errorMessage(e, t));
    },
  });

  return (
    <Modal
      open={user !== null}
      title={t('users.resetTitle', { name: user?.displayName ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={reset.isPending}
      okButtonProps={{ 'data-testid': 'reset-password-ok' }}
      forceRender
      mask={{ closable: false }}
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form<ResetValues> form={form} layout="vertical" onFinish={(v) => reset.mutate(v)}>
        {/* lets password managers attach the new password to the right account */}
        <input type="text" autoComplete="username" value={user?.username ?? ''} readOnly hidden />
        <Form.Item
          name="password"
          label={t('users.fields.newPassword')}
          extra={t('users.fields.passwordHelp')}
          rules={[
            { required: true, message: t('users.rules.passwordRequired') },
            {
              validator: (_, v: string | undefined) =>
                !v || strongPassword(v) ? Promise.resolve() : Promise.reject(new Error(t('users.rules.passwordWeak'))),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="reset-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('users.fields.confirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('users.rules.passwordRequired') },
            ({ getFieldValue }) => ({
              validator: (_, v: string | undefined) =>
                !v || v === getFieldValue('password')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('users.rules.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="reset-password-confirm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
