import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, SafetyOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { auditApi, type AuditQuery, type AuditRecord, type AuditVerification } from '../api/account';
import { PageHeader } from '../components/PageHeader';
import { errorMessage } from '../components/errors';
import { auditActionName } from '../i18n/audit-actions';

const ACTION_PREFIXES = ['auth', 'user', 'unit', 'scheme', 'record', 'excel', 'audit', 'system'] as const;

function JsonBlock({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <pre
      className="ys-mono"
      style={{ margin: 0, maxHeight: 240, overflow: 'auto', fontSize: 12, whiteSpace: 'pre-wrap' }}
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const [query, setQuery] = useState<AuditQuery>({ page: 1, pageSize: 20 });
  const [search, setSearch] = useState('');
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const list = useQuery({ queryKey: ['audit', query], queryFn: () => auditApi.list(query) });
  const verify = useMutation({
    mutationFn: auditApi.verify,
    onSuccess: setVerification,
    onError: (e) => message.error(errorMessage(e, t)),
  });

  const setDates = (range: [Dayjs | null, Dayjs | null] | null) =>
    setQuery((q) => ({
      ...q,
      page: 1,
      from: range?.[0]?.format('YYYY-MM-DD'),
      to: range?.[1]?.format('YYYY-MM-DD'),
    }));

  const verifyText = (v: AuditVerification) => {
    if (v.chain.ok && v.checkpoints.ok) {
      return { ok: true, text: t('audit.verifyOk', { checked: v.chain.checked, cps: v.checkpoints.checked }) };
    }
    const what = v.chain.firstBroken
      ? `#${v.chain.firstBroken.id} (${v.chain.firstBroken.reason})`
      : `checkpoint #${v.checkpoints.firstBad?.lastAuditId ?? ''} (${v.checkpoints.firstBad?.reason ?? ''})`;
    return { ok: false, text: t('audit.verifyBad', { what }) };
  };

  return (
    <div data-testid="audit-page">
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        extra={
          <Space wrap>
            <Button
              icon={<SafetyOutlined />}
              loading={verify.isPending}
              onClick={() => verify.mutate()}
              data-testid="audit-verify"
            >
              {t('audit.verify')}
            </Button>
            <Button
              type="primary"
              icon={<DownloadOutlined />}
              href={auditApi.exportUrl({ ...query, page: undefined, pageSize: undefined })}
            >
              {t('audit.export')}
            </Button>
          </Space>
        }
      />
      {verification && (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          type={verifyText(verification).ok ? 'success' : 'error'}
          message={verifyText(verification).text}
          data-testid="audit-verify-result"
        />
      )}
      <Card variant="borderless">
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t('audit.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => setQuery((q) => ({ ...q, page: 1, q: v || undefined }))}
            style={{ width: 240 }}
          />
          <Select
            allowClear
            placeholder={t('audit.action')}
            style={{ width: 180 }}
            value={query.action}
            onChange={(v?: string) => setQuery((q) => ({ ...q, page: 1, action: v }))}
            options={ACTION_PREFIXES.map((p) => ({ value: `${p}.`, label: t(`audit.actions.${p}`) }))}
          />
          <DatePicker.RangePicker
            onChange={(r) => setDates(r as [Dayjs | null, Dayjs | null] | null)}
            placeholder={[t('audit.dates'), t('audit.dates')]}
          />
        </Space>
        {list.error && (
          <Alert type="error" showIcon message={errorMessage(list.error, t)} style={{ marginBottom: 16 }} />
        )}
        <Table<AuditRecord>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 900 }}
          data-testid="audit-table"
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
          }}
          expandable={{
            expandedRowRender: (r) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Space align="start" style={{ width: '100%' }} wrap>
                  <div style={{ minWidth: 320 }}>
                    <Typography.Text strong>{t('audit.before')}</Typography.Text>
                    <JsonBlock value={r.before} />
                  </div>
                  <div style={{ minWidth: 320 }}>
                    <Typography.Text strong>{t('audit.after')}</Typography.Text>
                    <JsonBlock value={r.after} />
                  </div>
                </Space>
                <Typography.Text type="secondary" className="ys-mono" style={{ fontSize: 12 }}>
                  {t('audit.hash')}: {r.hash}
                </Typography.Text>
              </Space>
            ),
          }}
          columns={[
            { title: '#', dataIndex: 'id', width: 70 },
            {
              title: t('audit.col.at'),
              dataIndex: 'at',
              width: 170,
              render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss'),
            },
            { title: t('audit.col.actor'), dataIndex: 'actor', width: 180, render: (v: string | null) => v ?? '—' },
            {
              title: t('audit.col.role'),
              dataIndex: 'actorRole',
              width: 110,
              render: (v: string | null) => (v ? t(`roles.${v}`, { defaultValue: v }) : '—'),
            },
            { title: t('audit.col.ip'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
            {
              title: t('audit.col.action'),
              dataIndex: 'action',
              width: 170,
              render: (v: string) => (
                <Tag color={v.includes('failed') || v.includes('locked') ? 'red' : 'blue'} title={v}>
                  {auditActionName(v, i18n.language.startsWith('en') ? 'en' : 'zh-CN')}
                </Tag>
              ),
            },
            { title: t('audit.col.summary'), dataIndex: 'summary' },
          ]}
        />
      </Card>
    </div>
  );
}
