import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  InputNumber,
  Popconfirm,
  Progress,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, DownloadOutlined, PlusOutlined, PrinterOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  evaluationApi,
  type CampaignDetail,
  type IssuedCode,
  type RaterGroupConfig,
  type RaterGroupSettings,
  type Tally,
  type TallyUnit,
} from '../api/evaluation';
import { groupsApi } from '../api/endpoints';
import { useSignedIn } from '../auth/session';
import { errorMessage } from '../components/errors';
import { useWork } from '../components/useWork';
import { saveBlob } from '../components/ExcelButtons';
import { LoadError } from '../components/ListParts';
import { PageHeader } from '../components/PageHeader';
import { fmtTime, STATUS_COLORS } from './EvaluationPage';

const fmt = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : (Math.round(x * 100) / 100).toString();

/** One campaign: settings (draft), codes, turnout while open, the tally once closed. */
export default function EvaluationCampaignPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { can } = useSignedIn();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const detail = useQuery({ queryKey: ['evaluation', 'campaign', id], queryFn: () => evaluationApi.get(id) });
  const c = detail.data;
  const writable = can('evaluation:write');
  const refresh = (next?: CampaignDetail) => {
    if (next) qc.setQueryData(['evaluation', 'campaign', id], next);
    void qc.invalidateQueries({ queryKey: ['evaluation'] });
  };
  const open = useMutation({
    mutationFn: () => evaluationApi.open(id, c?.version ?? 0),
    onSuccess: (n) => {
      refresh(n);
      void message.success(t('evaluation.actions.opened'));
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const close = useMutation({
    mutationFn: () => evaluationApi.close(id, c?.version ?? 0),
    onSuccess: (n) => {
      refresh(n);
      void message.success(t('evaluation.actions.closed'));
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const [tab, setTab] = useState<string | undefined>(undefined);

  if (detail.error) return <LoadError error={detail.error} />;
  if (!c) return <Card loading />;
  const activeTab = tab ?? (c.status === 'closed' ? 'tally' : c.status === 'open' ? 'turnout' : 'settings');

  return (
    <div>
      <PageHeader
        title={
          <Space wrap>
            <Link to="/evaluation">{t('evaluation.title')}</Link>
            <span>/</span>
            <span data-testid="campaign-name">{c.name}</span>
            <Tag color={STATUS_COLORS[c.status]} data-testid="campaign-status">
              {t(`evaluation.status.${c.status}`)}
            </Tag>
          </Space>
        }
        subtitle={`${t('evaluation.openedAt')} ${fmtTime(c.openedAt)} · ${t('evaluation.closedAt')} ${fmtTime(c.closedAt)}`}
        extra={
          writable && (
            <Space>
              {c.status === 'draft' && (
                <Popconfirm title={t('evaluation.actions.openConfirm')} onConfirm={() => open.mutate()}>
                  <Button type="primary" loading={open.isPending} data-testid="campaign-open">
                    {t('evaluation.actions.openVoting')}
                  </Button>
                </Popconfirm>
              )}
              {c.status === 'open' && (
                <Popconfirm title={t('evaluation.actions.closeConfirm')} onConfirm={() => close.mutate()}>
                  <Button danger type="primary" loading={close.isPending} data-testid="campaign-close">
                    {t('evaluation.actions.closeVoting')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          )
        }
      />
      <Card>
        <Tabs
          activeKey={activeTab}
          onChange={setTab}
          items={[
            {
              key: 'settings',
              label: t('evaluation.tabs.settings'),
              children: <SettingsTab c={c} onSaved={refresh} />,
            },
            ...(writable
              ? [
                  {
                    key: 'codes',
                    label: t('evaluation.tabs.codes'),
                    children: <CodesTab c={c} onIssued={() => refresh()} />,
                  },
                ]
              : []),
            { key: 'turnout', label: t('evaluation.tabs.turnout'), children: <TurnoutTab c={c} /> },
            { key: 'tally', label: t('evaluation.tabs.tally'), children: <TallyTab c={c} /> },
          ]}
        />
      </Card>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------

function formDescription(rg: RaterGroupConfig, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (rg.form === 'scale')
    return `${t('evaluation.settings.forms.scale')} · ${t('evaluation.settings.scaleRange', { min: rg.min, max: rg.max })}`;
  if (rg.form === 'ranking') {
    return `${t('evaluation.settings.forms.ranking')} · ${t('evaluation.settings.rankRule', {
      base: rg.rankBase,
      step: rg.rankStep,
      unit: rg.rankStepUnit === 'percent' ? '%' : '',
    })}`;
  }
  return `${t('evaluation.settings.forms.options')} · ${rg.options.map((o) => `${o.label}${o.points === null ? '' : ` ${o.points}`}`).join(' / ')}`;
}

interface LimitRow {
  minPoints: number;
  maxCount?: number | null;
  maxSharePct?: number | null;
}
interface GroupForm {
  id: string;
  unitGroups: string[];
  peers: boolean;
  peerScope: 'kind' | 'group' | 'all';
  dontKnow: boolean;
  limits: LimitRow[];
}

function SettingsTab({ c, onSaved }: { c: CampaignDetail; onSaved: (n: CampaignDetail) => void }) {
  const { t } = useTranslation();
  const { can } = useSignedIn();
  const { message } = AntApp.useApp();
  const editable = c.status === 'draft' && can('evaluation:write');
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => groupsApi.list(), enabled: can('units:read') });
  const [form] = Form.useForm<{ raterGroups: GroupForm[] }>();
  const initial = useMemo(
    () => ({
      raterGroups: c.config.raterGroups.map((rg): GroupForm => ({
        id: rg.id,
        unitGroups: rg.unitGroups ?? [],
        peers: rg.peers,
        peerScope: rg.peerScope,
        dontKnow: rg.dontKnow,
        limits: rg.limits.map((l) => ({
          minPoints: l.minPoints,
          maxCount: l.maxCount ?? null,
          maxSharePct: l.maxShare === undefined ? null : Math.round(l.maxShare * 1000) / 10,
        })),
      })),
    }),
    [c],
  );
  useEffect(() => form.setFieldsValue(initial), [form, initial]);
  const save = useMutation({
    mutationFn: (v: { raterGroups: GroupForm[] }) =>
      evaluationApi.update(c.id, {
        version: c.version,
        settings: {
          raterGroups: v.raterGroups.map((g, i): RaterGroupSettings => ({
            id: initial.raterGroups[i]?.id ?? g.id,
            ...(g.unitGroups.length > 0 ? { unitGroups: g.unitGroups } : {}),
            ...(c.config.raterGroups[i]?.units ? { units: c.config.raterGroups[i]?.units } : {}),
            peers: g.peers,
            peerScope: g.peerScope,
            dontKnow: g.dontKnow,
            limits: (g.limits ?? []).map((l) => ({
              minPoints: l.minPoints,
              ...(l.maxCount !== null && l.maxCount !== undefined ? { maxCount: l.maxCount } : {}),
              ...(l.maxSharePct !== null && l.maxSharePct !== undefined ? { maxShare: l.maxSharePct / 100 } : {}),
            })),
          })),
        },
      }),
    onSuccess: (n) => {
      onSaved(n);
      void message.success(t('evaluation.actions.saved'));
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const groupOptions = (groups.data?.items ?? []).map((g) => ({ value: g.code, label: g.name }));

  return (
    <Form form={form} layout="vertical" disabled={!editable} onFinish={(v) => save.mutate(v)} initialValues={initial}>
      {!editable && c.status !== 'draft' && (
        <Alert type="info" showIcon message={t('evaluation.settings.readOnly')} style={{ marginBottom: 12 }} />
      )}
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('evaluation.settings.fromScheme')}>
          <Space direction="vertical" size={0}>
            <span>
              {c.config.trimAbove === null
                ? t('evaluation.settings.noTrim')
                : t('evaluation.settings.trimAbove', { n: c.config.trimAbove })}
            </span>
            {c.config.invalidateUniform && <span>{t('evaluation.settings.uniform')}</span>}
          </Space>
        </Descriptions.Item>
      </Descriptions>
      <Form.List name="raterGroups">
        {(fields) =>
          fields.map((field, i) => {
            const rg = c.config.raterGroups[i];
            if (!rg) return null;
            return (
              <Card
                key={field.key}
                size="small"
                style={{ marginBottom: 12 }}
                data-testid={`rater-group-${rg.id}`}
                title={
                  <Space wrap>
                    <span>{rg.name}</span>
                    <Tag>
                      {t('evaluation.settings.weight')} {rg.weight}
                    </Tag>
                    <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                      {formDescription(rg, t)}
                    </Typography.Text>
                  </Space>
                }
                extra={
                  <Typography.Text type="secondary">
                    {t('evaluation.settings.formSize', { n: c.formSizes[rg.id] ?? 0 })}
                  </Typography.Text>
                }
              >
                <Space wrap size="large" align="start">
                  <Form.Item
                    name={[field.name, 'unitGroups']}
                    label={t('evaluation.settings.unitGroups')}
                    style={{ minWidth: 260 }}
                  >
                    <Select
                      mode="multiple"
                      allowClear
                      placeholder={t('evaluation.settings.allGroups')}
                      options={groupOptions.filter(
                        (o) => !rg.schemeUnitGroups || rg.schemeUnitGroups.includes(o.value),
                      )}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'peers']}
                    label={t('evaluation.settings.peers')}
                    valuePropName="checked"
                  >
                    <Switch />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() =>
                      form.getFieldValue(['raterGroups', field.name, 'peers']) ? (
                        <Form.Item name={[field.name, 'peerScope']} label={t('evaluation.settings.peerScope')}>
                          <Select
                            style={{ width: 260 }}
                            options={(['kind', 'group', 'all'] as const).map((k) => ({
                              value: k,
                              label: t(`evaluation.settings.peerScopes.${k}`),
                            }))}
                          />
                        </Form.Item>
                      ) : null
                    }
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'dontKnow']}
                    label={t('evaluation.settings.dontKnow')}
                    valuePropName="checked"
                  >
                    <Switch />
                  </Form.Item>
                </Space>
                {rg.form !== 'ranking' && (
                  <Form.List name={[field.name, 'limits']}>
                    {(limits, { add, remove }) => (
                      <div>
                        <Typography.Text strong>{t('evaluation.settings.limits')}</Typography.Text>
                        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 6px' }}>
                          {t('evaluation.settings.limitHelp')}
                        </Typography.Paragraph>
                        {limits.map((l) => (
                          <Space key={l.key} wrap align="baseline">
                            <Form.Item
                              name={[l.name, 'minPoints']}
                              label={t('evaluation.settings.minPoints')}
                              rules={[{ required: true }]}
                            >
                              <InputNumber min={0} style={{ width: 100 }} />
                            </Form.Item>
                            <Form.Item name={[l.name, 'maxCount']} label={t('evaluation.settings.maxCount')}>
                              <InputNumber min={0} precision={0} style={{ width: 100 }} />
                            </Form.Item>
                            <Form.Item name={[l.name, 'maxSharePct']} label={t('evaluation.settings.maxShare')}>
                              <InputNumber min={0} max={100} style={{ width: 100 }} />
                            </Form.Item>
                            {editable && (
                              <Button
                                type="text"
                                icon={<DeleteOutlined />}
                                onClick={() => remove(l.name)}
                                aria-label="remove"
                              />
                            )}
                          </Space>
                        ))}
                        {editable && (
                          <Button
                            size="small"
                            icon={<PlusOutlined />}
                            onClick={() => add({ minPoints: 90, maxCount: 3 })}
                          >
                            {t('evaluation.settings.addLimit')}
                          </Button>
                        )}
                      </div>
                    )}
                  </Form.List>
                )}
              </Card>
            );
          })
        }
      </Form.List>
      {editable && (
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="campaign-save">
          {t('evaluation.actions.save')}
        </Button>
      )}
    </Form>
  );
}

// ---------------------------------------------------------------------------------------------------------------

function CodesTab({ c, onIssued }: { c: CampaignDetail; onIssued: () => void }) {
  const { t, i18n } = useTranslation();
  const { csrfToken } = useSignedIn();
  const { message } = AntApp.useApp();
  const work = useWork();
  const [raterGroup, setRaterGroup] = useState(c.config.raterGroups[0]?.id ?? '');
  const [count, setCount] = useState<number>(10);
  const [issued, setIssued] = useState<IssuedCode[] | null>(null);
  const rg = c.config.raterGroups.find((r) => r.id === raterGroup);
  const generate = useMutation({
    mutationFn: () => work.run(t('work.codes', { count }), () => evaluationApi.codes(c.id, { raterGroup, count })),
    onSuccess: (r) => {
      setIssued(r.codes);
      onIssued();
      void message.success(t('evaluation.codes.generated', { n: r.codes.length }));
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const excel = useMutation({
    mutationFn: async () => {
      const blob = await work.run(t('work.codesSheet'), () =>
        evaluationApi.sheet(c.id, issued ?? [], csrfToken, i18n.language),
      );
      saveBlob(blob, `${c.year}-evaluation-codes.xlsx`);
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  if (c.status === 'closed') return <Alert type="info" showIcon message={t('evaluation.codes.closedHint')} />;
  const voteUrl = `${window.location.origin}/vote`;

  return (
    <div>
      <Space wrap align="end" style={{ marginBottom: 16 }} className="ys-no-print">
        <div>
          <div>{t('evaluation.codes.group')}</div>
          <Select
            value={raterGroup}
            onChange={setRaterGroup}
            style={{ width: 240 }}
            data-testid="codes-group"
            options={c.config.raterGroups.map((r) => ({ value: r.id, label: r.name }))}
          />
        </div>
        <div>
          <div>{rg?.peers ? t('evaluation.codes.countPeers') : t('evaluation.codes.count')}</div>
          <InputNumber min={1} max={2000} value={count} onChange={(v) => setCount(v ?? 1)} data-testid="codes-count" />
        </div>
        <Button
          type="primary"
          loading={generate.isPending}
          onClick={() => generate.mutate()}
          data-testid="codes-generate"
        >
          {t('evaluation.codes.generate')}
        </Button>
      </Space>
      {issued && (
        <>
          <Alert
            className="ys-no-print"
            type="warning"
            showIcon
            message={t('evaluation.codes.onceTitle')}
            description={t('evaluation.codes.onceText')}
            action={
              <Space direction="vertical">
                <Button
                  icon={<DownloadOutlined />}
                  loading={excel.isPending}
                  onClick={() => excel.mutate()}
                  data-testid="codes-excel"
                >
                  {t('evaluation.codes.excel')}
                </Button>
                <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="codes-print">
                  {t('evaluation.codes.print')}
                </Button>
              </Space>
            }
            style={{ marginBottom: 16 }}
          />
          <style>{`
            .ys-slips { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 0; }
            .ys-slip { border: 1px dashed #999; padding: 12px 14px; break-inside: avoid; }
            .ys-slip-code { font: 700 22px/1.4 monospace; letter-spacing: 2px; margin: 6px 0; }
            @media print {
              body * { visibility: hidden; }
              .ys-slips, .ys-slips * { visibility: visible; }
              .ys-slips { position: absolute; left: 0; top: 0; width: 100%; grid-template-columns: repeat(2, 1fr); }
            }
          `}</style>
          <div className="ys-slips" data-testid="codes-slips">
            {issued.map((code) => (
              <div className="ys-slip" key={code.code}>
                <div style={{ fontSize: 12 }}>{t('evaluation.codes.slipTitle', { year: c.year })}</div>
                <div style={{ fontSize: 12, color: '#555' }}>
                  {code.raterGroupName}
                  {code.unitName ? ` · ${t('evaluation.codes.slipUnit', { name: code.unitName })}` : ''}
                </div>
                <div className="ys-slip-code">{code.code}</div>
                <div style={{ fontSize: 11, color: '#555' }}>{t('evaluation.codes.slipHow', { url: voteUrl })}</div>
              </div>
            ))}
          </div>
        </>
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------

function TurnoutTab({ c }: { c: CampaignDetail }) {
  const { t } = useTranslation();
  const turnout = useQuery({
    queryKey: ['evaluation', 'turnout', c.id],
    queryFn: () => evaluationApi.turnout(c.id),
    refetchInterval: c.status === 'open' ? 30_000 : false,
  });
  const rows = turnout.data?.groups ?? c.turnout;
  return (
    <div>
      <Typography.Paragraph type="secondary">{t('evaluation.turnoutTab.hint')}</Typography.Paragraph>
      <Table
        rowKey="raterGroup"
        size="small"
        pagination={false}
        dataSource={rows}
        data-testid="turnout-table"
        columns={[
          { title: t('evaluation.codes.group'), dataIndex: 'name' },
          { title: t('evaluation.turnoutTab.issued'), dataIndex: 'issued', width: 100 },
          { title: t('evaluation.turnoutTab.used'), dataIndex: 'used', width: 100 },
          {
            title: t('evaluation.turnoutTab.rate'),
            width: 220,
            render: (_, r) => (
              <Progress percent={r.issued > 0 ? Math.round((r.used / r.issued) * 100) : 0} size="small" />
            ),
          },
        ]}
      />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------

function TallyTab({ c }: { c: CampaignDetail }) {
  const { t } = useTranslation();
  const tally = useQuery({
    queryKey: ['evaluation', 'tally', c.id, c.version],
    queryFn: () => evaluationApi.tally(c.id),
    enabled: c.status === 'closed',
  });
  if (c.status !== 'closed') return <Empty description={t('evaluation.tally.notClosed')} />;
  if (tally.error) return <LoadError error={tally.error} />;
  if (!tally.data) return <Card loading bordered={false} />;
  return <TallyView tally={tally.data} />;
}

function TallyView({ tally }: { tally: Tally }) {
  const { t } = useTranslation();
  const groupName = new Map(tally.config.raterGroups.map((r) => [r.id, r.name] as const));
  const unitName = new Map(tally.units.map((u) => [u.unitCode, u.unitName] as const));
  const { can } = useSignedIn();
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => groupsApi.list(), enabled: can('units:read') });
  const groupLabel = new Map((groups.data?.items ?? []).map((g) => [g.code, g.name] as const));
  const [groupFilter, setGroupFilter] = useState<string | undefined>(undefined);
  const groupCodes = [...new Set(tally.units.map((u) => u.groupCode))];
  const units = tally.units
    .filter((u) => !groupFilter || u.groupCode === groupFilter)
    .slice()
    .sort((a, b) =>
      a.groupCode === b.groupCode
        ? (b.evaluation ?? -1) - (a.evaluation ?? -1)
        : groupCodes.indexOf(a.groupCode) - groupCodes.indexOf(b.groupCode),
    );

  return (
    <div data-testid="tally">
      <Table
        rowKey="raterGroup"
        size="small"
        pagination={false}
        dataSource={tally.ballots}
        style={{ marginBottom: 16 }}
        columns={[
          { title: t('evaluation.codes.group'), dataIndex: 'name' },
          { title: t('evaluation.tally.ballots'), dataIndex: 'ballots', width: 100 },
          { title: t('evaluation.tally.invalid'), dataIndex: 'invalid', width: 100 },
          { title: t('evaluation.tally.survey'), dataIndex: 'survey', width: 120 },
        ]}
      />
      <Card
        size="small"
        style={{ marginBottom: 16 }}
        title={
          <Space>
            <WarningOutlined style={{ color: tally.anomalies.length ? '#d4380d' : undefined }} />
            {t('evaluation.tally.anomalies')}
          </Space>
        }
        data-testid="tally-anomalies"
      >
        {tally.anomalies.length === 0 ? (
          <Typography.Text type="secondary">{t('evaluation.tally.noAnomalies')}</Typography.Text>
        ) : (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {tally.anomalies.slice(0, 30).map((a, i) => (
              <li key={i}>
                {a.kind === 'identical_ballots'
                  ? t('evaluation.tally.identical', { group: groupName.get(a.raterGroup), count: a.count })
                  : a.kind === 'group_divergence'
                    ? t('evaluation.tally.divergence', {
                        unit: unitName.get(a.unitCode ?? '') ?? a.unitCode,
                        group: groupName.get(a.raterGroup),
                        mean: fmt(a.mean),
                        others: fmt(a.others),
                        gap: fmt(a.gap),
                      })
                    : t('evaluation.tally.invalidShare', {
                        group: groupName.get(a.raterGroup),
                        invalid: a.invalid,
                        share: Math.round(((a.invalid ?? 0) / (a.ballots || 1)) * 100),
                      })}
              </li>
            ))}
            {tally.anomalies.length > 30 && <li>… {tally.anomalies.length - 30}</li>}
          </ul>
        )}
      </Card>
      <Space style={{ marginBottom: 8 }} wrap>
        <Select
          allowClear
          placeholder={t('evaluation.tally.group')}
          style={{ width: 180 }}
          value={groupFilter}
          onChange={setGroupFilter}
          options={groupCodes.map((g) => ({ value: g, label: groupLabel.get(g) ?? g }))}
        />
        <Typography.Text type="secondary">{t(`evaluation.tally.scoredBy.${tally.scoredBy}`)}</Typography.Text>
      </Space>
      <Table<TallyUnit>
        rowKey="unitCode"
        size="small"
        dataSource={units}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 300 + tally.config.raterGroups.length * 170 }}
        columns={[
          { title: t('evaluation.tally.unit'), dataIndex: 'unitName', fixed: 'left', width: 150 },
          {
            title: t('evaluation.tally.group'),
            dataIndex: 'groupCode',
            width: 110,
            render: (g: string) => groupLabel.get(g) ?? g,
          },
          ...tally.config.raterGroups.map((rg, ri) => ({
            title: `${rg.name}（${rg.weight}）`,
            key: rg.id,
            width: 170,
            render: (_: unknown, u: TallyUnit) => {
              const cell = u.groups[ri];
              if (!cell) return '—';
              return (
                <div>
                  <Typography.Text strong>{fmt(cell.mean)}</Typography.Text>
                  <div style={{ fontSize: 12, color: '#888' }}>
                    {t('evaluation.tally.detail', { valid: cell.valid, used: cell.used })}
                    {cell.trimmed.length === 2 &&
                      ` · ${t('evaluation.tally.trimmed', { low: fmt(cell.trimmed[0]), high: fmt(cell.trimmed[1]) })}`}
                    {cell.dontKnow > 0 && ` · ${t('evaluation.tally.dontKnow', { n: cell.dontKnow })}`}
                  </div>
                </div>
              );
            },
          })),
          {
            title: t('evaluation.tally.evaluation'),
            dataIndex: 'evaluation',
            width: 130,
            fixed: 'right' as const,
            render: (v: number | null) => <Typography.Text strong>{fmt(v)}</Typography.Text>,
          },
        ]}
      />
    </div>
  );
}
