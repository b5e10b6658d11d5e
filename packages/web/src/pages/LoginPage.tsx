import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { isApiError } from '../api/client';
import { authApi } from '../api/endpoints';
import { rememberedCounty, useSession } from '../auth/session';
import { errorMessage } from '../components/errors';
import { LanguageSwitch } from '../components/LanguageSwitch';

interface LoginValues {
  username: string;
  password: string;
  otp?: string;
  /** Issue 15: the county's code, asked for only when the username exists in several counties. */
  tenant?: string;
}

const FEATURES = ['differentiated', 'process', 'evaluation', 'transparent'] as const;

export default function LoginPage() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const [form] = Form.useForm<LoginValues>();
  const [error, setError] = useState<unknown>(null);
  // Accounts with a second factor: the server asks for the code after checking the password.
  const [needOtp, setNeedOtp] = useState(false);
  const [needTenant, setNeedTenant] = useState(false);
  const county = rememberedCounty();

  const login = useMutation({
    mutationFn: (v: LoginValues) => authApi.login(v.username.trim(), v.password, v.otp?.trim(), v.tenant?.trim()),
    // The router sees the session and moves on to ?next= or the overview.
    onSuccess: (session) => signedIn(session),
    onError: (e) => {
      if (isApiError(e) && e.code === 'OTP_REQUIRED') {
        setNeedOtp(true);
        setError(null);
        return;
      }
      setError(e);
      if (isApiError(e) && e.code === 'TENANT_REQUIRED') setNeedTenant(true);
      if (isApiError(e) && e.code === 'OTP_INVALID') form.setFieldValue('otp', '');
      else form.setFieldValue('password', '');
    },
  });

  const year = new Date().getFullYear();

  return (
    <div className="ys-login">
      <section className="ys-login-hero" aria-hidden="true">
        <div className="ys-login-brand">
          <img src="/favicon.svg" alt="" />
          <div>
            <div style={{ fontSize: 18, fontWeight: 600, letterSpacing: 2 }}>{t('app.name')}</div>
            {county && <div className="ys-county">{county}</div>}
          </div>
        </div>
        <div className="ys-login-hero-body">
          <h1>{t('app.name')}</h1>
          <div className="ys-en">{t('app.nameEn')}</div>
          <div className="ys-login-slogan">{t('app.slogan')}</div>
          <div className="ys-login-features">
            {FEATURES.map((f) => (
              <div className="ys-login-feature" key={f}>
                <b>{t(`login.features.${f}.title`)}</b>
                <span>{t(`login.features.${f}.desc`)}</span>
              </div>
            ))}
          </div>
        </div>
        <div className="ys-login-hero-foot">
          © {year} {county ?? ''} {t('app.name')}
        </div>
      </section>

      <main className="ys-login-panel">
        <div className="ys-login-lang">
          <LanguageSwitch />
        </div>
        <div className="ys-login-mobile-brand">
          <img src="/favicon.svg" alt="" width={48} height={48} />
          <h1>{t('app.name')}</h1>
          <div>{county ?? t('app.slogan')}</div>
        </div>
        <div className="ys-login-card">
          <h2>{t('login.title')}</h2>
          <div className="ys-login-sub">
            {t('login.welcome')} {t('app.name')}
          </div>
          {error !== null && (
            <Alert
              type="error"
              showIcon
              title={errorMessage(error, t)}
              style={{ marginBottom: 20 }}
              data-testid="login-error"
            />
          )}
          <Form<LoginValues>
            form={form}
            layout="vertical"
            size="large"
            requiredMark={false}
            onFinish={(v) => {
              setError(null);
              login.mutate(v);
            }}
            data-testid="login-form"
          >
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input
                prefix={<UserOutlined className="ys-muted" />}
                placeholder={t('login.usernamePlaceholder')}
                autoComplete="username"
                autoFocus
                data-testid="login-username"
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password
                prefix={<LockOutlined className="ys-muted" />}
                placeholder={t('login.passwordPlaceholder')}
                autoComplete="current-password"
                data-testid="login-password"
              />
            </Form.Item>
            {needTenant && (
              <Form.Item
                name="tenant"
                label={t('setup.loginCounty')}
                extra={t('setup.loginCountyHelp')}
                rules={[{ required: true, whitespace: true, message: t('setup.loginCountyHelp') }]}
              >
                <Input autoCapitalize="off" autoComplete="off" data-testid="login-tenant" />
              </Form.Item>
            )}
            {needOtp && (
              <Form.Item
                name="otp"
                label={t('login.otp')}
                extra={t('login.otpHint')}
                rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.otpRequired') }]}
              >
                <Input
                  prefix={<SafetyCertificateOutlined className="ys-muted" />}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  autoFocus
                  data-testid="login-otp"
                />
              </Form.Item>
            )}
            <Form.Item style={{ marginBottom: 12 }}>
              <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
                {t('login.submit')}
              </Button>
            </Form.Item>
          </Form>
          <div className="ys-muted" style={{ fontSize: 13 }}>
            {t('login.hint')}
          </div>
          <div className="ys-login-foot">
            <SafetyCertificateOutlined /> {t('login.security')}
          </div>
        </div>
      </main>
    </div>
  );
}
