import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Form,
  InputNumber,
  Segmented,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ColumnsType, TableProps } from 'antd/es/table';
import { resultsUseApi, type AccountabilityScope, type ResultsUseExport, type UnitRef } from '../api/yearend';
import { useSignedIn } from '../auth/session';
import { errorMessage } from '../components/errors';
import { useWork } from '../components/useWork';
import { saveBlob } from '../components/ExcelButtons';
import { LoadError } from '../components/ListParts';
import { PageHeader } from '../components/PageHeader';
import { YearSelect } from '../components/yearend/YearSelect';

function ExportButton({
  year,
  kind,
  scope = 'fullMarks',
}: {
  year: number;
  kind: ResultsUseExport;
  scope?: AccountabilityScope;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const work = useWork();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      data-testid={`use-export-${kind}`}
      onClick={async () => {
        setBusy(true);
        try {
          const f = await work.run(t('work.resultsUse', { year }), () => resultsUseApi.export(year, kind, scope));
          saveBlob(f.blob, f.filename ?? `${kind}.xlsx`);
        } catch (e) {
          message.error(errorMessage(e, t));
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('yearend.common.exportXlsx')}
    </Button>
  );
}

function Settings({ year, tiers }: { year: number; tiers: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const settings = useQuery({ queryKey: ['yearend', 'settings', year], queryFn: () => resultsUseApi.settings(year) });
  const [form] = Form.useForm<{ appealWindowDays: number | null; coef: Record<string, number | null> }>();
  const save = useMutation({
    mutationFn: (v: { appealWindowDays: number | null; coef: Record<string, number | null> }) => {
      const coef = Object.fromEntries(
        Object.entries(v.coef ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number'),
      );
      return resultsUseApi.saveSettings({
        year,
        version: settings.data?.version ?? 0,
        appealWindowDays: v.appealWindowDays ?? null,
        tierCoefficients: Object.keys(coef).length ? coef : null,
      });
    },
    onSuccess: () => {
      message.success(t('yearend.use.settingsSaved'));
      void qc.invalidateQueries({ queryKey: ['yearend', 'settings'] });
      void qc.invalidateQueries({ queryKey: ['results-use'] });
      void qc.invalidateQueries({ queryKey: ['appeals', 'window'] });
    },
    onError: (e) => message.error(errorMessage(e, t)),
  });
  if (!settings.data) return null;
  return (
    <Card size="small" title={t('yearend.use.settings')} style={{ marginBottom: 12 }}>
      <Form
        form={form}
        layout="inline"
        key={settings.data.version}
        initialValues={{
          appealWindowDays: settings.data.appealWindowDaysSet,
          coef: settings.data.tierCoefficients ?? {},
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="appealWindowDays" label={t('yearend.use.appealDays')}>
          <InputNumber min={0} max={9999} placeholder="7" style={{ width: 96 }} />
        </Form.Item>
        {tiers.map((tier) => (
          <Form.Item key={tier.id} name={['coef', tier.id]} label={tier.name}>
            <InputNumber
              min={0}
              max={10}
              step={0.1}
              placeholder={t('yearend.use.coefDefault')}
              style={{ width: 100 }}
            />
          </Form.Item>
        ))}
        <Button htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('yearend.use.settingsHint')}
      </Typography.Text>
    </Card>
  );
}

/** A small table of units, one row per unit code, all on one page: group, unit, rank, composite, tier, then `more`. */
function UnitTable<R extends UnitRef>({ more = [], ...props }: TableProps<R> & { more?: ColumnsType<R> }) {
  const { t } = useTranslation();
  const columns: ColumnsType<R> = [
    { title: t('yearend.common.group'), dataIndex: 'groupName', width: 110 },
    { title: t('yearend.common.unit'), key: 'unit', render: (_, r) => r.unitName },
    { title: t('yearend.common.rank'), dataIndex: 'rank', width: 70, align: 'right' },
    { title: t('yearend.common.composite'), dataIndex: 'composite', width: 90, align: 'right' },
    { title: t('yearend.common.tier'), dataIndex: 'tierName', width: 80 },
    ...more,
  ];
  return <Table<R> rowKey="unitCode" size="small" pagination={false} columns={columns} {...props} />;
}

export default function ResultsUsePage() {
  const { t, i18n } = useTranslation();
  const { can } = useSignedIn();
  const [year, setYear] = useState<number | undefined>();
  // R25: the owners of indicators that gave every unit full marks; every flagged indicator is a click away.
  const [scope, setScope] = useState<AccountabilityScope>('fullMarks');
  const use = useQuery({
    queryKey: ['results-use', year, scope],
    queryFn: () => resultsUseApi.get(year ?? 0, scope),
    enabled: year !== undefined,
  });
  const u = use.data;
  const tiers = u
    ? [
        ...new Map(
          [...u.coefficients]
            .sort((a, b) => a.tierIndex - b.tierIndex)
            .map((c) => [c.tier, { id: c.tier, name: c.tierName }]),
        ).values(),
      ]
    : [];
  return (
    <>
      <PageHeader
        title={t('yearend.use.title')}
        subtitle={t('yearend.use.subtitle')}
        extra={<YearSelect value={year} onChange={setYear} />}
      />
      {use.error ? <LoadError error={use.error} /> : null}
      {u && year !== undefined && (
        <Tabs
          items={[
            {
              key: 'coefficients',
              label: t('yearend.use.coefficients'),
              children: (
                <>
                  {can('results:publish') && <Settings year={year} tiers={tiers} />}
                  <Space style={{ marginBottom: 12 }}>
                    <ExportButton year={year} kind="coefficients" />
                  </Space>
                  <UnitTable
                    dataSource={u.coefficients}
                    scroll={{ x: 600 }}
                    data-testid="use-coefficients"
                    more={[
                      { title: t('yearend.use.coefficient'), dataIndex: 'coefficient', width: 90, align: 'right' },
                      {
                        title: t('yearend.use.coefSource'),
                        dataIndex: 'source',
                        width: 100,
                        render: (s: string) => <Tag>{t(`yearend.use.sources.${s}`)}</Tag>,
                      },
                    ]}
                  />
                </>
              ),
            },
            {
              key: 'awards',
              label: t('yearend.use.awards'),
              children: (
                <>
                  <Space style={{ marginBottom: 12 }}>
                    <ExportButton year={year} kind="awards" />
                  </Space>
                  <Typography.Title level={5}>
                    {t('yearend.use.eligible', { n: u.awards.eligible.length })}
                  </Typography.Title>
                  <UnitTable dataSource={u.awards.eligible} />
                  <Typography.Title level={5} style={{ marginTop: 16 }}>
                    {t('yearend.use.excluded', { n: u.awards.excluded.length })}
                  </Typography.Title>
                  <UnitTable
                    dataSource={u.awards.excluded}
                    more={[
                      {
                        title: t('yearend.use.reason'),
                        key: 'reason',
                        render: (_, r) => (
                          <Space>
                            <Tag color="red">{t(`yearend.use.reasons.${r.reason}`)}</Tag>
                            {r.detail}
                          </Space>
                        ),
                      },
                    ]}
                  />
                </>
              ),
            },
            {
              key: 'accountability',
              label: t('yearend.use.accountability'),
              children: (
                <>
                  <Space style={{ marginBottom: 12 }}>
                    <ExportButton year={year} kind="accountability" scope={scope} />
                  </Space>
                  <Typography.Title level={5}>{t('yearend.use.lowestTier')}</Typography.Title>
                  <UnitTable dataSource={u.accountability.lowestTier} />
                  <Typography.Title level={5} style={{ marginTop: 16 }}>
                    {t('yearend.use.repeatedBottom')}
                  </Typography.Title>
                  <UnitTable
                    rowKey={(r) => `${r.unitCode}-${r.ruleId}`}
                    dataSource={u.accountability.repeatedBottom}
                    more={[
                      {
                        title: t('yearend.use.years'),
                        key: 'years',
                        render: (_, r) => r.years.map((y) => `${y.year} ${y.tier}`).join('；'),
                      },
                      { title: t('yearend.use.action'), dataIndex: 'action' },
                    ]}
                  />
                  <Typography.Title level={5} style={{ marginTop: 16 }}>
                    {t('yearend.use.nonDiscriminating')}
                  </Typography.Title>
                  <Alert
                    type="info"
                    showIcon
                    style={{ marginBottom: 8 }}
                    message={i18n.language === 'en' ? u.accountability.headlineEn : u.accountability.headline}
                  />
                  <Segmented<AccountabilityScope>
                    style={{ marginBottom: 8 }}
                    value={scope}
                    onChange={setScope}
                    data-testid="use-accountability-scope"
                    options={[
                      {
                        value: 'fullMarks',
                        label: t('yearend.use.scopeFullMarks', { count: u.accountability.fullMarksCount }),
                      },
                      {
                        value: 'flagged',
                        label: t('yearend.use.scopeFlagged', { count: u.accountability.flaggedCount }),
                      },
                    ]}
                  />
                  <Table
                    rowKey={(r) => `${r.groupId}-${r.indicatorId}`}
                    size="small"
                    pagination={{ pageSize: 10 }}
                    dataSource={u.accountability.nonDiscriminating}
                    scroll={{ x: 700 }}
                    columns={[
                      { title: t('yearend.common.group'), dataIndex: 'groupName', width: 110 },
                      { title: t('yearend.common.indicator'), dataIndex: 'indicatorName' },
                      { title: t('yearend.use.owner'), dataIndex: 'assessorName', render: (v) => v ?? '—' },
                      {
                        title: t('yearend.use.fullMarkRate'),
                        dataIndex: 'fullMarkRate',
                        width: 100,
                        align: 'right',
                        render: (v: number) => `${Math.round(v * 1000) / 10}%`,
                      },
                      {
                        title: t('yearend.use.severity'),
                        dataIndex: 'severity',
                        width: 90,
                        render: (v: string) => (
                          <Tag color={v === 'severe' ? 'red' : v === 'high' ? 'orange' : 'gold'}>
                            {t(`yearend.use.severities.${v}`, { defaultValue: v })}
                          </Tag>
                        ),
                      },
                    ]}
                  />
                </>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
