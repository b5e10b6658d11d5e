import { useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Input, InputNumber, List, Radio, Result, Space, Tag, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
// The same rule function the server runs (a pure file without imports), so the page refuses what the server would.
import { checkBallot, describeIssue, limitAllowed, type BallotRules } from '@yardstick/engine/ballot-rules';
import { voteApi, type BallotForm, type Mark } from '../api/evaluation';
import { errorMessage } from '../components/errors';
import { LanguageSwitch } from '../components/LanguageSwitch';

type Step = 'code' | 'rate' | 'review' | 'done';

function rulesOf(form: BallotForm): BallotRules {
  const rg = form.raterGroup;
  return {
    form: rg.form,
    min: rg.min,
    max: rg.max,
    options: rg.options,
    dontKnow: rg.dontKnow,
    limits: rg.limits,
    rejectUniform: rg.rejectUniform,
  };
}

/** The public voting page: no account, phone first. Code → form → review → submit. */
export default function VotePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const [step, setStep] = useState<Step>('code');
  const [code, setCode] = useState('');
  const [form, setForm] = useState<BallotForm | null>(null);
  const [marks, setMarks] = useState<Record<string, Mark | undefined>>({});
  const [showIssues, setShowIssues] = useState(false);

  const lookup = useMutation({
    mutationFn: (c: string) => voteApi.form(c),
    onSuccess: (f) => {
      setForm(f);
      setMarks({});
      setShowIssues(false);
      setStep('rate');
    },
  });
  const cast = useMutation({
    mutationFn: () => {
      const clean: Record<string, Mark> = {};
      for (const [k, v] of Object.entries(marks)) if (v !== undefined) clean[k] = v;
      return voteApi.cast(code, clean);
    },
    onSuccess: () => setStep('done'),
  });

  const rules = form ? rulesOf(form) : null;
  const unitIds = useMemo(() => form?.units.map((u) => u.id) ?? [], [form]);
  const names = useMemo(() => new Map(form?.units.map((u) => [u.id, u.name] as const) ?? []), [form]);
  const issues = rules ? checkBallot(rules, unitIds, marks) : [];
  const done = unitIds.filter((id) => marks[id] !== undefined).length;
  const setMark = (id: string, m: Mark | undefined) => setMarks((prev) => ({ ...prev, [id]: m }));
  const markText = (m: Mark | undefined) =>
    m === undefined
      ? '—'
      : m === null
        ? t('vote.dontKnow')
        : typeof m === 'number' && form?.raterGroup.form === 'ranking'
          ? `${t('vote.place')} ${m}`
          : String(m);

  const reset = () => {
    setStep('code');
    setCode('');
    setForm(null);
    setMarks({});
    lookup.reset();
    cast.reset();
  };

  return (
    <div className="ys-vote" style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <div style={{ maxWidth: 560, margin: '0 auto', padding: '12px 12px 96px' }}>
        <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginBottom: 8 }}>
          <div>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {form ? `${form.campaign.name}` : t('vote.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('vote.subtitle')}</Typography.Text>
          </div>
          <LanguageSwitch compact />
        </div>

        {step === 'code' && (
          <Card>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (code.trim()) lookup.mutate(code.trim());
              }}
            >
              <Space direction="vertical" size="middle" style={{ width: '100%' }}>
                <label htmlFor="vote-code">
                  <Typography.Text strong>{t('vote.codeLabel')}</Typography.Text>
                </label>
                <Input
                  id="vote-code"
                  data-testid="vote-code"
                  size="large"
                  autoComplete="off"
                  autoCapitalize="characters"
                  spellCheck={false}
                  prefix={<LockOutlined />}
                  placeholder={t('vote.codePlaceholder')}
                  value={code}
                  maxLength={20}
                  onChange={(e) => setCode(e.target.value.toUpperCase())}
                  style={{ fontFamily: 'monospace', letterSpacing: 2 }}
                />
                {lookup.error && (
                  <Alert type="error" showIcon message={errorMessage(lookup.error, t)} data-testid="vote-error" />
                )}
                <Button
                  type="primary"
                  size="large"
                  block
                  htmlType="submit"
                  loading={lookup.isPending}
                  data-testid="vote-start"
                >
                  {t('vote.start')}
                </Button>
                <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }}>
                  {t('vote.anonymity')}
                </Typography.Paragraph>
              </Space>
            </form>
          </Card>
        )}

        {step === 'rate' && form && rules && (
          <>
            <Card size="small" style={{ marginBottom: 12 }}>
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <div>
                  <Tag color="blue">{form.raterGroup.name}</Tag>
                  {form.raterUnit && (
                    <Typography.Text>{t('vote.rater', { name: form.raterUnit.name })}</Typography.Text>
                  )}
                </div>
                <Typography.Text strong>{t('vote.rules')}</Typography.Text>
                <ul style={{ margin: 0, paddingInlineStart: 20, fontSize: 13 }} data-testid="vote-rules">
                  {form.raterGroup.form === 'scale' && (
                    <li>{t('vote.ruleRange', { min: rules.min, max: rules.max })}</li>
                  )}
                  {form.raterGroup.form === 'ranking' && <li>{t('vote.ruleRanking', { n: unitIds.length })}</li>}
                  {rules.rejectUniform && form.raterGroup.form !== 'ranking' && <li>{t('vote.ruleUniform')}</li>}
                  {!rules.dontKnow && <li>{t('vote.ruleNoDontKnow')}</li>}
                  {rules.limits.map((l, i) => (
                    <li key={i}>
                      {t('vote.ruleLimit', {
                        n: limitAllowed(l, unitIds.length),
                        what:
                          form.raterGroup.form === 'options'
                            ? rules.options
                                .filter((o) => o.points !== null && o.points >= l.minPoints)
                                .map((o) => `“${o.label}”`)
                                .join('/')
                            : lang === 'en'
                              ? `${l.minPoints}+`
                              : `${l.minPoints} 分及以上`,
                      })}
                    </li>
                  ))}
                </ul>
                <Typography.Text type="secondary">
                  {t('vote.progress', { done, total: unitIds.length })}
                </Typography.Text>
              </Space>
            </Card>
            <List
              dataSource={form.units}
              split={false}
              renderItem={(u, idx) => {
                const m = marks[u.id];
                return (
                  <Card size="small" style={{ marginBottom: 8 }} data-testid={`vote-unit-${u.code}`}>
                    <div
                      style={{
                        display: 'flex',
                        justifyContent: 'space-between',
                        gap: 8,
                        alignItems: 'center',
                        flexWrap: 'wrap',
                      }}
                    >
                      <Typography.Text strong>
                        {idx + 1}. {u.name}
                      </Typography.Text>
                      {form.raterGroup.form !== 'options' && (
                        <Space>
                          <InputNumber
                            inputMode="numeric"
                            aria-label={`${u.name} ${form.raterGroup.form === 'ranking' ? t('vote.place') : t('vote.score')}`}
                            data-testid={`vote-mark-${u.code}`}
                            min={form.raterGroup.form === 'ranking' ? 1 : undefined}
                            value={typeof m === 'number' ? m : null}
                            disabled={m === null}
                            placeholder={
                              form.raterGroup.form === 'ranking' ? t('vote.place') : `${rules.min}–${rules.max}`
                            }
                            onChange={(v) => setMark(u.id, typeof v === 'number' ? v : undefined)}
                            style={{ width: 110 }}
                          />
                          {rules.dontKnow && (
                            <Checkbox
                              checked={m === null}
                              onChange={(e) => setMark(u.id, e.target.checked ? null : undefined)}
                            >
                              {t('vote.dontKnow')}
                            </Checkbox>
                          )}
                        </Space>
                      )}
                    </div>
                    {form.raterGroup.form === 'options' && (
                      <Radio.Group
                        style={{ marginTop: 8, display: 'flex', flexWrap: 'wrap', gap: 6 }}
                        optionType="button"
                        buttonStyle="solid"
                        value={m === undefined ? undefined : m === null ? '__dk' : m}
                        onChange={(e) => setMark(u.id, e.target.value === '__dk' ? null : (e.target.value as string))}
                        data-testid={`vote-options-${u.code}`}
                        options={[
                          ...rules.options.map((o) => ({ value: o.label, label: o.label })),
                          ...(rules.dontKnow ? [{ value: '__dk', label: t('vote.dontKnow') }] : []),
                        ]}
                      />
                    )}
                  </Card>
                );
              }}
            />
            {showIssues && issues.length > 0 && (
              <Alert
                type="error"
                showIcon
                data-testid="vote-issues"
                message={t('vote.fixFirst')}
                description={
                  <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                    {issues.map((issue, i) => (
                      <li key={i}>{describeIssue(rules, issue, lang, (id) => names.get(id) ?? id)}</li>
                    ))}
                  </ul>
                }
                style={{ marginBottom: 12 }}
              />
            )}
            <div
              style={{
                position: 'fixed',
                left: 0,
                right: 0,
                bottom: 0,
                background: '#fff',
                borderTop: '1px solid #e5e7eb',
                padding: '10px 12px',
                zIndex: 10,
              }}
            >
              <div style={{ maxWidth: 560, margin: '0 auto', display: 'flex', gap: 8 }}>
                <Button size="large" onClick={reset}>
                  {t('vote.changeCode')}
                </Button>
                <Button
                  type="primary"
                  size="large"
                  block
                  data-testid="vote-review"
                  onClick={() => {
                    setShowIssues(true);
                    if (issues.length === 0) {
                      setStep('review');
                      window.scrollTo(0, 0);
                    } else {
                      setTimeout(
                        () =>
                          document.querySelector('[data-testid="vote-issues"]')?.scrollIntoView({ block: 'center' }),
                        0,
                      );
                    }
                  }}
                >
                  {t('vote.review')}
                </Button>
              </div>
            </div>
          </>
        )}

        {step === 'review' && form && (
          <Card title={t('vote.reviewTitle')} data-testid="vote-review-card">
            <Typography.Paragraph type="secondary">{t('vote.reviewHint')}</Typography.Paragraph>
            <List
              size="small"
              dataSource={form.units}
              renderItem={(u) => (
                <List.Item extra={<Typography.Text strong>{markText(marks[u.id])}</Typography.Text>}>
                  {u.name}
                </List.Item>
              )}
            />
            {cast.error && (
              <Alert
                type="error"
                showIcon
                style={{ marginTop: 12 }}
                data-testid="vote-error"
                message={errorMessage(cast.error, t)}
                description={
                  'details' in (cast.error as object) ? (
                    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                      {((cast.error as { details?: { message: string }[] }).details ?? []).map((d, i) => (
                        <li key={i}>{d.message}</li>
                      ))}
                    </ul>
                  ) : undefined
                }
              />
            )}
            <Space style={{ marginTop: 16, width: '100%' }} direction="vertical">
              <Button
                type="primary"
                size="large"
                block
                loading={cast.isPending}
                onClick={() => cast.mutate()}
                data-testid="vote-submit"
              >
                {t('vote.submit')}
              </Button>
              <Button size="large" block onClick={() => setStep('rate')}>
                {t('vote.back')}
              </Button>
            </Space>
          </Card>
        )}

        {step === 'done' && (
          <Card>
            <Result
              status="success"
              title={<span data-testid="vote-done">{t('vote.doneTitle')}</span>}
              subTitle={t('vote.doneText')}
              extra={
                <Button onClick={reset} data-testid="vote-again">
                  {t('vote.again')}
                </Button>
              }
            />
          </Card>
        )}
      </div>
    </div>
  );
}
