import { useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, Result, Row, Space, Typography } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate } from 'react-router';
import { api } from '../api/client';
import { errorMessage } from '../components/errors';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { SETUP_STATUS_KEY, useSetupStatus } from '../auth/FirstRunGate';

const ROLES = ['sysadmin', 'secadmin', 'auditor'] as const;
type AdminRole = (typeof ROLES)[number];

interface AdminValues {
  username: string;
  displayName: string;
  password: string;
  confirm: string;
}
interface SetupValues extends Record<AdminRole, AdminValues> {
  token: string;
  code: string;
  name: string;
  issuingOrgan?: string;
  docNumberPattern?: string;
  signatureOrgan?: string;
}
interface CreatedCounty {
  code: string;
  name: string;
  issuingOrgan: string;
  docNumberPattern: string;
  signatureOrgan: string;
  admins: { role: AdminRole; username: string }[];
}

/** The same policy as the server's (modules/auth/passwords.ts): 10+ characters, three character classes. */
function passwordOk(p: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(p)).length;
  return p.length >= 10 && p.length <= 128 && classes >= 3;
}

const blank = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
const admin = (a: { username: string; displayName: string; password: string }) => ({
  username: a.username.trim(),
  displayName: a.displayName.trim(),
  password: a.password,
});

/**
 * First run (issue 15): shown instead of the sign-in page while the server holds no county. Creates the county,
 * the names on its official documents and its three administrators; needs the setup token the server printed.
 */
export default function SetupPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<SetupValues>();
  const status = useSetupStatus();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [created, setCreated] = useState<CreatedCounty | null>(null);
  const code = Form.useWatch('code', form) ?? '';
  const name = Form.useWatch('name', form) ?? '';
  const pattern = Form.useWatch('docNumberPattern', form) ?? '';

  const create = useMutation({
    mutationFn: (v: SetupValues) =>
      api.post('/setup/county', {
        body: {
          token: v.token.trim(),
          code: v.code.trim(),
          name: v.name.trim(),
          issuingOrgan: blank(v.issuingOrgan),
          docNumberPattern: blank(v.docNumberPattern),
          signatureOrgan: blank(v.signatureOrgan),
          sysadmin: admin(v.sysadmin),
          secadmin: admin(v.secadmin),
          auditor: admin(v.auditor),
        },
      }),
    onSuccess: (c) => {
      setCreated(c);
      void queryClient.invalidateQueries({ queryKey: SETUP_STATUS_KEY });
    },
  });

  if (!created && status.data && !status.data.needsSetup) return <Navigate to="/login" replace />;

  const defaults = {
    issuingOrgan: name ? `中共${name}委考核工作领导小组办公室` : '',
    docNumberPattern: name ? `${name}考核办〔{year}〕{n}号` : '',
  };
  const example = (pattern || defaults.docNumberPattern)
    .replaceAll('{year}', String(new Date().getFullYear()))
    .replaceAll('{n}', '1');

  return (
    <div className="ys-setup" data-testid="setup-page">
      <div className="ys-setup-head">
        <div className="ys-setup-brand">
          <img src="/favicon.svg" alt="" width={36} height={36} />
          <span>{t('app.name')}</span>
        </div>
        <LanguageSwitch />
      </div>
      <main className="ys-setup-body">
        {created ? (
          <Card>
            <Result
              status="success"
              title={t('setup.doneTitle', { name: created.name })}
              subTitle={t('setup.doneSub')}
              extra={
                <Button type="primary" size="large" onClick={() => navigate('/login')} data-testid="setup-to-login">
                  {t('setup.toLogin')}
                </Button>
              }
            >
              <Space direction="vertical" style={{ width: '100%' }} data-testid="setup-done">
                {created.admins.map((a) => (
                  <div key={a.role}>
                    <Typography.Text type="secondary">{t(`setup.roles.${a.role}`)}：</Typography.Text>
                    <Typography.Text strong copyable>
                      {a.username}
                    </Typography.Text>
                  </div>
                ))}
                <Typography.Text type="secondary">
                  {created.issuingOrgan} · {created.docNumberPattern} · {created.signatureOrgan}
                </Typography.Text>
              </Space>
            </Result>
          </Card>
        ) : (
          <>
            <Typography.Title level={3} style={{ marginTop: 0 }}>
              {t('setup.title')}
            </Typography.Title>
            <Typography.Paragraph type="secondary">{t('setup.subtitle')}</Typography.Paragraph>
            {create.error !== null && (
              <Alert
                type="error"
                showIcon
                title={errorMessage(create.error, t)}
                style={{ marginBottom: 16 }}
                data-testid="setup-error"
              />
            )}
            <Form<SetupValues>
              form={form}
              layout="vertical"
              requiredMark={false}
              scrollToFirstError
              onFinish={(v) => create.mutate(v)}
              data-testid="setup-form"
            >
              <Card title={t('setup.tokenTitle')} size="small" className="ys-setup-card">
                <Form.Item
                  name="token"
                  label={t('setup.token')}
                  extra={t('setup.tokenHelp')}
                  rules={[{ required: true, whitespace: true, message: t('setup.tokenRequired') }]}
                >
                  <Input prefix={<KeyOutlined />} autoComplete="off" data-testid="setup-token" />
                </Form.Item>
              </Card>
              <Card title={t('setup.countyTitle')} size="small" className="ys-setup-card">
                <Row gutter={16}>
                  <Col xs={24} sm={12}>
                    <Form.Item
                      name="name"
                      label={t('setup.name')}
                      rules={[{ required: true, whitespace: true, max: 32, message: t('setup.nameRequired') }]}
                    >
                      <Input placeholder={t('setup.namePlaceholder')} data-testid="setup-name" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12}>
                    <Form.Item
                      name="code"
                      label={t('setup.code')}
                      extra={t('setup.codeHelp')}
                      rules={[{ required: true, pattern: /^[a-z][a-z0-9-]{1,22}$/, message: t('setup.codeInvalid') }]}
                    >
                      <Input
                        placeholder="qingshan"
                        autoCapitalize="off"
                        autoComplete="off"
                        onChange={(e) => {
                          // The administrators' usernames follow the code until someone edits them.
                          const next = e.target.value.trim().toLowerCase();
                          for (const r of ROLES) {
                            const current = form.getFieldValue([r, 'username']) as string | undefined;
                            if (!current || current === `${code}.${r}`)
                              form.setFieldValue([r, 'username'], `${next}.${r}`);
                          }
                        }}
                        data-testid="setup-code"
                      />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
              <Card title={t('setup.identityTitle')} size="small" className="ys-setup-card">
                <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
                  {t('setup.identityHelp')}
                </Typography.Paragraph>
                <Form.Item name="issuingOrgan" label={t('setup.issuingOrgan')} rules={[{ max: 64 }]}>
                  <Input placeholder={defaults.issuingOrgan} data-testid="setup-issuing-organ" />
                </Form.Item>
                <Form.Item
                  name="docNumberPattern"
                  label={t('setup.docNumberPattern')}
                  extra={
                    <>
                      {t('setup.docNumberHelp')}
                      {example && <div data-testid="setup-number-example">{t('setup.preview', { example })}</div>}
                    </>
                  }
                  rules={[
                    { max: 64 },
                    {
                      validator: (_, v: string | undefined) =>
                        !v?.trim() || v.includes('{n}')
                          ? Promise.resolve()
                          : Promise.reject(new Error(t('setup.docNumberInvalid'))),
                    },
                  ]}
                >
                  <Input
                    placeholder={defaults.docNumberPattern || 'XX考核办〔{year}〕{n}号'}
                    data-testid="setup-pattern"
                  />
                </Form.Item>
                <Form.Item name="signatureOrgan" label={t('setup.signatureOrgan')} rules={[{ max: 64 }]}>
                  <Input placeholder={defaults.issuingOrgan} data-testid="setup-signature-organ" />
                </Form.Item>
              </Card>
              <Card title={t('setup.adminsTitle')} size="small" className="ys-setup-card">
                <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
                  {t('setup.adminsHelp')}
                </Typography.Paragraph>
                {ROLES.map((r) => (
                  <fieldset key={r} className="ys-setup-admin" data-testid={`setup-${r}`}>
                    <legend>{t(`setup.roles.${r}`)}</legend>
                    <Row gutter={16}>
                      <Col xs={24} sm={12}>
                        <Form.Item
                          name={[r, 'username']}
                          label={t('setup.username')}
                          dependencies={ROLES.filter((x) => x !== r).map((x) => [x, 'username'])}
                          rules={[
                            { required: true, pattern: /^[a-z0-9_.-]{3,32}$/, message: t('setup.usernameInvalid') },
                            ({ getFieldValue }) => ({
                              validator: (_, v: string | undefined) =>
                                v && ROLES.some((x) => x !== r && getFieldValue([x, 'username']) === v)
                                  ? Promise.reject(new Error(t('setup.usernamesDistinct')))
                                  : Promise.resolve(),
                            }),
                          ]}
                        >
                          <Input autoCapitalize="off" autoComplete="off" data-testid={`setup-${r}-username`} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={12}>
                        <Form.Item
                          name={[r, 'displayName']}
                          label={t('setup.displayName')}
                          rules={[
                            { required: true, whitespace: true, max: 32, message: t('setup.displayNameRequired') },
                          ]}
                        >
                          <Input data-testid={`setup-${r}-name`} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={12}>
                        <Form.Item
                          name={[r, 'password']}
                          label={t('setup.password')}
                          extra={t('setup.passwordPolicy')}
                          rules={[
                            {
                              required: true,
                              validator: (_, v: string | undefined) =>
                                v && passwordOk(v)
                                  ? Promise.resolve()
                                  : Promise.reject(new Error(t('setup.passwordPolicy'))),
                            },
                          ]}
                        >
                          <Input.Password autoComplete="new-password" data-testid={`setup-${r}-password`} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={12}>
                        <Form.Item
                          name={[r, 'confirm']}
                          label={t('setup.passwordConfirm')}
                          dependencies={[[r, 'password']]}
                          rules={[
                            ({ getFieldValue }) => ({
                              validator: (_, v: string | undefined) =>
                                v && v === getFieldValue([r, 'password'])
                                  ? Promise.resolve()
                                  : Promise.reject(new Error(t('setup.passwordMismatch'))),
                            }),
                          ]}
                        >
                          <Input.Password autoComplete="new-password" data-testid={`setup-${r}-confirm`} />
                        </Form.Item>
                      </Col>
                    </Row>
                  </fieldset>
                ))}
              </Card>
              <Button
                type="primary"
                htmlType="submit"
                size="large"
                block
                loading={create.isPending}
                data-testid="setup-submit"
              >
                {t('setup.submit')}
              </Button>
            </Form>
          </>
        )}
      </main>
    </div>
  );
}
