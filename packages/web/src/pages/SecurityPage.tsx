import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Form,
  Input,
  Popconfirm,
  QRCode,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { LockOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { accountApi } from '../api/account';
import { accountRequestsApi } from '../api/endpoints';
import type { AccountRequest } from '../api/types';
import { isApiError } from '../api/client';
import { useSession, useSignedIn } from '../auth/session';
import { PageHeader } from '../components/PageHeader';
import { applyFieldErrors, errorMessage } from '../components/errors';

const SESSION_KEY = ['session'];

function PasswordCard() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string; confirm: string }>();
  const [error, setError] = useState<string | null>(null);
  const security = useQuery({ queryKey: ['security'], queryFn: accountApi.security });
  const change = useMutation({
    mutationFn: (v: { currentPassword: string; newPassword: string }) =>
      accountApi.changePassword(v.currentPassword, v.newPassword),
    onSuccess: async () => {
      form.resetFields();
      setError(null);
      message.success(t('account.password.done'));
      // The session's "must change" flag is gone now: reload it so the rest of the app opens.
      await qc.invalidateQueries({ queryKey: SESSION_KEY });
      await qc.invalidateQueries({ queryKey: ['security'] });
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'VALIDATION_FAILED') {
        const rest = applyFieldErrors(form, e, ['currentPassword', 'newPassword']);
        setError(rest.length ? rest.join('；') : null);
      } else {
        setError(errorMessage(e, t));
      }
    },
  });
  const s = security.data;
  return (
    <Card
      title={
        <Space>
          <LockOutlined />
          {t('account.password.title')}
        </Space>
      }
      variant="borderless"
      data-testid="password-card"
    >
      {s?.passwordChangedAt && (
        <Typography.Paragraph type="secondary">
          {t('account.password.changedAt', { at: dayjs(s.passwordChangedAt).format('YYYY-MM-DD HH:mm') })}
          {s.passwordMaxAgeDays > 0 && ` · ${t('account.password.expiry', { days: s.passwordMaxAgeDays })}`}
        </Typography.Paragraph>
      )}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => change.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword })}
      >
        <Form.Item name="currentPassword" label={t('account.password.current')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" data-testid="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('account.password.next')}
          extra={t('account.password.policy')}
          rules={[{ required: true }, { min: 10 }]}
        >
          <Input.Password autoComplete="new-password" data-testid="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || v === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('account.password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="confirm-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="change-password">
          {t('account.password.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function TotpCard() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const security = useQuery({ queryKey: ['security'], queryFn: accountApi.security });
  const [setup, setSetup] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['security'] });
    await qc.invalidateQueries({ queryKey: SESSION_KEY });
  };
  const start = useMutation({
    mutationFn: accountApi.totpSetup,
    onSuccess: (r) => {
      setSetup(r);
      setError(null);
    },
    onError: (e) => setError(errorMessage(e, t)),
  });
  const enable = useMutation({
    mutationFn: () => accountApi.totpEnable(code),
    onSuccess: async () => {
      setSetup(null);
      setCode('');
      setError(null);
      message.success(t('account.totp.enabled'));
      await refresh();
    },
    onError: (e) => setError(errorMessage(e, t)),
  });
  const disable = useMutation({
    mutationFn: () => accountApi.totpDisable(password),
    onSuccess: async () => {
      setPassword('');
      setError(null);
      message.success(t('account.totp.disabled'));
      await refresh();
    },
    onError: (e) => setError(errorMessage(e, t)),
  });
  const s = security.data;
  return (
    <Card
      title={
        <Space>
          <SafetyCertificateOutlined />
          {t('account.totp.title')}
        </Space>
      }
      extra={
        s && (
          <Space>
            {s.mfaRequired && <Tag color="orange">{t('account.totp.required')}</Tag>}
            <Tag color={s.totpEnabled ? 'green' : 'default'} data-testid="totp-status">
              {s.totpEnabled ? t('account.totp.on') : t('account.totp.off')}
            </Tag>
          </Space>
        )
      }
      variant="borderless"
    >
      <Typography.Paragraph type="secondary">{t('account.totp.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      {s && !s.totpEnabled && !setup && (
        <Button type="primary" onClick={() => start.mutate()} loading={start.isPending} data-testid="totp-start">
          {t('account.totp.start')}
        </Button>
      )}
      {setup && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text>{t('account.totp.scan')}</Typography.Text>
          <QRCode value={setup.otpauthUrl} size={180} />
          <Typography.Text code copyable data-testid="totp-secret">
            {setup.secret}
          </Typography.Text>
          <Space.Compact style={{ width: '100%', maxWidth: 460 }}>
            <Input
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
              placeholder={t('account.totp.code')}
              inputMode="numeric"
              autoComplete="one-time-code"
              data-testid="totp-code"
            />
            <Button
              type="primary"
              disabled={code.length !== 6}
              loading={enable.isPending}
              onClick={() => enable.mutate()}
            >
              {t('account.totp.enable')}
            </Button>
          </Space.Compact>
        </Space>
      )}
      {s?.totpEnabled && !s.mfaRequired && (
        <Space.Compact style={{ maxWidth: 420 }}>
          <Input.Password
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            placeholder={t('account.totp.disablePassword')}
            autoComplete="current-password"
          />
          <Button danger disabled={!password} loading={disable.isPending} onClick={() => disable.mutate()}>
            {t('account.totp.disable')}
          </Button>
        </Space.Compact>
      )}
    </Card>
  );
}

/**
 * Issue 14 (三员分立): the security administrator confirms or rejects what the system administrator asked for on
 * business accounts; the system administrator sees the same list, read-only ("awaiting confirmation").
 */
function AccountRequestsCard() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const { can } = useSignedIn();
  const decides = can('users:assignRole');
  const [note, setNote] = useState('');
  const list = useQuery({
    queryKey: ['account-requests', 'pending'],
    queryFn: () => accountRequestsApi.list('pending'),
  });
  const done = async (key: 'confirmed' | 'rejected', r: AccountRequest) => {
    message.success(t(`accountRequests.${key}`, { name: `${r.displayName}（${r.username}）` }));
    setNote('');
    await qc.invalidateQueries({ queryKey: ['account-requests'] });
    await qc.invalidateQueries({ queryKey: ['users'] });
  };
  const onError = (e: unknown) => message.error(errorMessage(e, t));
  const confirm = useMutation({
    mutationFn: (r: AccountRequest) => accountRequestsApi.confirm(r.id),
    onSuccess: (_, r) => done('confirmed', r),
    onError,
  });
  const reject = useMutation({
    mutationFn: (r: AccountRequest) => accountRequestsApi.reject(r.id, note.trim() || undefined),
    onSuccess: (_, r) => done('rejected', r),
    onError,
  });
  return (
    <Card title={t('accountRequests.title')} data-testid="account-requests">
      <Typography.Paragraph type="secondary">{t('accountRequests.intro')}</Typography.Paragraph>
      <Table<AccountRequest>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('accountRequests.empty') }}
        columns={[
          {
            title: t('accountRequests.account'),
            key: 'account',
            render: (_, r) => (
              <span>
                <Tag color="gold">{t(`accountRequests.kind.${r.kind}`)}</Tag>
                {r.displayName} <span className="ys-mono ys-muted">{r.username}</span>
              </span>
            ),
          },
          {
            title: t('accountRequests.role'),
            dataIndex: 'role',
            render: (_, r) => `${t(`roles.${r.role}`)}${r.unitName ? ` · ${r.unitName}` : ''}`,
          },
          { title: t('accountRequests.requestedBy'), dataIndex: 'requestedByName', responsive: ['md'] },
          {
            title: t('accountRequests.requestedAt'),
            dataIndex: 'requestedAt',
            responsive: ['md'],
            render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
          },
          ...(decides
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, r: AccountRequest) => (
                    <Space size={0}>
                      <Button
                        type="link"
                        size="small"
                        loading={confirm.isPending && confirm.variables.id === r.id}
                        onClick={() => confirm.mutate(r)}
                        data-testid={`request-confirm-${r.username}`}
                      >
                        {t('accountRequests.confirm')}
                      </Button>
                      <Popconfirm
                        title={t('accountRequests.reject')}
                        description={
                          <Input
                            value={note}
                            maxLength={200}
                            onChange={(e) => setNote(e.target.value)}
                            placeholder={t('accountRequests.rejectNote')}
                          />
                        }
                        onConfirm={() => reject.mutate(r)}
                        okText={t('accountRequests.reject')}
                        cancelText={t('common.cancel')}
                      >
                        <Button type="link" size="small" danger data-testid={`request-reject-${r.username}`}>
                          {t('accountRequests.reject')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

export default function SecurityPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  // Both user administrators see the pending requests; only the security administrator decides.
  const showRequests =
    !session?.mustChangePassword &&
    (session?.permissions ?? []).some((p) => p === 'users:assignRole' || p === 'users:write');
  return (
    <div data-testid="security-page">
      <PageHeader title={t('account.title')} subtitle={t('account.subtitle')} />
      {session?.mustChangePassword && (
        <Alert
          type="warning"
          showIcon
          message={t('account.mustChange')}
          style={{ marginBottom: 16 }}
          data-testid="must-change"
        />
      )}
      {session?.mustEnrollTotp && !session.mustChangePassword && (
        <Alert type="warning" showIcon message={t('account.mustEnroll')} style={{ marginBottom: 16 }} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <PasswordCard />
        </Col>
        <Col xs={24} lg={12}>
          <TotpCard />
        </Col>
        {showRequests && (
          <Col xs={24}>
            <AccountRequestsCard />
          </Col>
        )}
      </Row>
    </div>
  );
}
