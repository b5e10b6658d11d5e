import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { ColumnsType } from 'antd/es/table';
import { unitsApi } from '../api/endpoints';
import { appealsApi, feedbackApi, type Appeal, type IndicatorRow } from '../api/yearend';
import { useSignedIn } from '../auth/session';
import { applyFieldErrors, errorMessage } from '../components/errors';
import { LoadError } from '../components/ListParts';
import { PageHeader } from '../components/PageHeader';
import { YearSelect } from '../components/yearend/YearSelect';
import { HistoryYear, historyRank } from '../components/yearend/history';
import { adjustmentText } from '../components/yearend/adjustmentText';

export const APPEAL_COLORS: Record<string, string> = {
  submitted: 'processing',
  accepted: 'success',
  rejected: 'default',
};

function AppealList({ items }: { items: Appeal[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return <Typography.Text type="secondary">{t('yearend.appeals.none')}</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={items}
      data-testid="feedback-appeals"
      renderItem={(a) => (
        <List.Item>
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            <Space wrap>
              <Tag color={APPEAL_COLORS[a.status]}>{t(`yearend.appeals.status.${a.status}`)}</Tag>
              {a.indicatorName && <Tag>{a.indicatorName}</Tag>}
              <Typography.Text type="secondary">{a.createdAt.slice(0, 10)}</Typography.Text>
            </Space>
            <Typography.Text>{a.reason}</Typography.Text>
            {a.answer && (
              <Typography.Text type="secondary">
                {t('yearend.appeals.answer')}：{a.answer}
              </Typography.Text>
            )}
          </Space>
        </List.Item>
      )}
    />
  );
}

function AppealForm({ year, indicators }: { year: number; indicators: IndicatorRow[] }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ indicatorId?: string; reason: string; request?: string }>();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const win = useQuery({ queryKey: ['appeals', 'window', year], queryFn: () => appealsApi.window(year) });
  const file = useMutation({
    mutationFn: (v: { indicatorId?: string; reason: string; request?: string }) =>
      appealsApi.file({ year, indicatorId: v.indicatorId ?? null, reason: v.reason, request: v.request ?? null }),
    onSuccess: () => {
      message.success(t('yearend.appeals.filed'));
      form.resetFields();
      setFormError(null);
      void qc.invalidateQueries({ queryKey: ['appeals'] });
    },
    onError: (e) => {
      const rest = applyFieldErrors(form, e, ['indicatorId', 'reason', 'request']);
      setFormError(rest.length ? rest.join('；') : errorMessage(e, t));
    },
  });
  const w = win.data;
  if (!w) return null;
  if (!w.open) {
    return (
      <Alert
        type="info"
        showIcon
        message={w.lastDay ? t('yearend.appeals.windowClosed', { lastDay: w.lastDay }) : t('yearend.appeals.notOpen')}
      />
    );
  }
  return (
    <Form form={form} layout="vertical" onFinish={(v) => file.mutate(v)} data-testid="appeal-form">
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        message={t('yearend.appeals.windowOpen', { lastDay: w.lastDay, days: w.days })}
      />
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Form.Item name="indicatorId" label={t('yearend.appeals.indicator')}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('yearend.appeals.indicatorWhole')}
          options={indicators.map((i) => ({ value: i.id, label: `${i.name}（${i.score}/${i.points}）` }))}
          data-testid="appeal-indicator"
        />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('yearend.appeals.reason')}
        rules={[{ required: true, whitespace: true, message: t('yearend.appeals.reasonRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} showCount data-testid="appeal-reason" />
      </Form.Item>
      <Form.Item name="request" label={t('yearend.appeals.request')}>
        <Input.TextArea rows={2} maxLength={2000} data-testid="appeal-request" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={file.isPending} data-testid="appeal-submit">
        {t('yearend.appeals.file')}
      </Button>
    </Form>
  );
}

export default function FeedbackPage() {
  const { t } = useTranslation();
  const { user, can } = useSignedIn();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const isUnit = user.role === 'unit';
  const year = params.get('year') ? Number(params.get('year')) : undefined;
  const unitId = isUnit ? undefined : (params.get('unitId') ?? undefined);
  const set = (k: string, v: string | number | undefined) => {
    const next = new URLSearchParams(params);
    if (v === undefined) next.delete(k);
    else next.set(k, String(v));
    setParams(next, { replace: true });
  };
  const units = useQuery({
    queryKey: ['units', 'all'],
    queryFn: () => unitsApi.list({ page: 1, pageSize: 500 }),
    enabled: !isUnit,
  });
  const feedback = useQuery({
    queryKey: ['feedback', year, unitId],
    queryFn: () => feedbackApi.get(year ?? 0, unitId),
    enabled: year !== undefined && (isUnit || unitId !== undefined),
    retry: false,
  });
  const appeals = useQuery({
    queryKey: ['appeals', 'unit', year, feedback.data?.unit.id],
    queryFn: () => appealsApi.list({ year, unitId: feedback.data?.unit.id }),
    enabled: year !== undefined && feedback.data !== undefined,
  });
  const fb = feedback.data;
  const narrow = !screens.md;

  const columns: ColumnsType<IndicatorRow> = [
    { title: t('yearend.common.block'), dataIndex: 'blockName', key: 'block', responsive: ['md'] },
    { title: t('yearend.common.indicator'), dataIndex: 'name', key: 'name' },
    { title: t('yearend.common.points'), dataIndex: 'points', key: 'points', align: 'right', responsive: ['sm'] },
    { title: t('yearend.common.score'), dataIndex: 'score', key: 'score', align: 'right' },
    { title: t('yearend.common.average'), dataIndex: 'average', key: 'average', align: 'right' },
    { title: t('yearend.common.best'), dataIndex: 'best', key: 'best', align: 'right', responsive: ['sm'] },
    {
      title: t('yearend.common.lost'),
      dataIndex: 'lost',
      key: 'lost',
      align: 'right',
      render: (v: number) =>
        v > 0 ? (
          <Typography.Text type="danger" style={{ whiteSpace: 'nowrap' }}>
            −{v}
          </Typography.Text>
        ) : (
          '0'
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('yearend.feedback.title')}
        subtitle={t('yearend.feedback.subtitle')}
        extra={
          <Space wrap>
            <YearSelect value={year} onChange={(y) => set('year', y)} />
            {!isUnit && (
              <Select
                showSearch
                optionFilterProp="label"
                style={{ width: 200 }}
                placeholder={t('yearend.common.pickUnit')}
                value={unitId}
                onChange={(v: string) => set('unitId', v)}
                loading={units.isLoading}
                options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.code} ${u.name}` }))}
                data-testid="feedback-unit"
              />
            )}
          </Space>
        }
      />
      {feedback.error ? <LoadError error={feedback.error} /> : null}
      {!isUnit && !unitId && <Empty description={t('yearend.common.pickUnitHint')} />}
      {fb && (
        <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="feedback">
          {fb.snapshot.seq > 1 && (
            <Alert
              type="info"
              showIcon
              message={t('yearend.feedback.corrected', { seq: fb.snapshot.seq })}
              description={fb.snapshot.reason}
            />
          )}
          <Row gutter={[12, 12]}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('yearend.common.composite')}
                  value={fb.result.composite}
                  data-testid="fb-composite"
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('yearend.feedback.groupAvgBest', { avg: fb.group.average, best: fb.group.best })}
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('yearend.feedback.rankIn', { group: fb.unit.groupName })}
                  value={fb.result.rank}
                  suffix={`/ ${fb.result.groupSize}`}
                  data-testid="fb-rank"
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('yearend.common.tier')} value={fb.result.tierName} data-testid="fb-tier" />
                {fb.result.naturalTier !== fb.result.tier && (
                  <Typography.Text type="warning" style={{ fontSize: 12 }}>
                    {t('yearend.feedback.naturalTier', { tier: fb.result.naturalTierName })}
                  </Typography.Text>
                )}
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('yearend.feedback.bonusDeductions')}
                  value={`+${fb.result.bonus} / −${fb.result.deductions}`}
                />
                {fb.result.vetoes.length > 0 && <Tag color="red">{t('yearend.feedback.vetoed')}</Tag>}
              </Card>
            </Col>
          </Row>

          <Card size="small" title={t('yearend.feedback.lostTitle')} data-testid="fb-lost">
            {fb.lostPoints.length === 0 ? (
              <Typography.Text type="secondary">{t('yearend.feedback.noLoss')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={fb.lostPoints.slice(0, 5)}
                renderItem={(l) => (
                  <List.Item>
                    <div style={{ width: '100%' }}>
                      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
                        <Typography.Text strong>{l.name}</Typography.Text>
                        <Typography.Text type="danger">
                          {t('yearend.feedback.lostLine', { lost: l.lost, avg: l.average, best: l.best })}
                        </Typography.Text>
                      </Space>
                      <Progress
                        percent={Math.round((l.score / l.points) * 100)}
                        success={{ percent: Math.round((l.average / l.points) * 100), strokeColor: '#bfbfbf' }}
                        size="small"
                        format={() => `${l.score}/${l.points}`}
                      />
                    </div>
                  </List.Item>
                )}
              />
            )}
            {fb.adjustments.length > 0 && (
              <Descriptions size="small" column={1} style={{ marginTop: 8 }} title={t('yearend.feedback.adjustments')}>
                {fb.adjustments.map((a, i) => (
                  <Descriptions.Item key={i} label={t(`yearend.feedback.adj.${a.kind}`, { defaultValue: a.kind })}>
                    {adjustmentText(a, t, fb.adjustments[i - 1])}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            )}
          </Card>

          <Card size="small" title={t('yearend.feedback.breakdown')}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={fb.blocks}
              style={{ marginBottom: 12 }}
              columns={[
                { title: t('yearend.common.block'), dataIndex: 'name' },
                {
                  title: t('yearend.common.score'),
                  dataIndex: 'score',
                  align: 'right',
                  render: (v, b) => `${v}/${b.max}`,
                },
                { title: t('yearend.common.average'), dataIndex: 'average', align: 'right' },
                { title: t('yearend.common.best'), dataIndex: 'best', align: 'right' },
              ]}
            />
            <Table
              size="small"
              rowKey="id"
              columns={columns}
              dataSource={fb.indicators}
              pagination={{ pageSize: narrow ? 10 : 15, size: 'small', showSizeChanger: false }}
              data-testid="fb-indicators"
            />
          </Card>

          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('yearend.feedback.history')}>
                <Table
                  size="small"
                  rowKey="year"
                  pagination={false}
                  dataSource={[...fb.history].reverse()}
                  data-testid="fb-history"
                  columns={[
                    { title: t('yearend.common.year'), dataIndex: 'year', render: (_, h) => <HistoryYear h={h} /> },
                    { title: t('yearend.common.rank'), dataIndex: 'rank', render: (_, h) => historyRank(h) },
                    { title: t('yearend.common.tier'), dataIndex: 'tierName' },
                    {
                      title: t('yearend.common.composite'),
                      dataIndex: 'composite',
                      align: 'right',
                      render: (v: number | null) => v ?? '—',
                    },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card
                size="small"
                title={t('yearend.feedback.lights')}
                extra={
                  <Tag color={fb.redLights.turnedRed > 0 ? 'red' : 'default'}>
                    {t('yearend.feedback.turnedRed', { n: fb.redLights.turnedRed })}
                  </Tag>
                }
              >
                {fb.redLights.current.length === 0 && fb.redLights.items.length === 0 ? (
                  <Typography.Text type="secondary">{t('yearend.feedback.noLights')}</Typography.Text>
                ) : (
                  <List
                    size="small"
                    dataSource={[
                      ...fb.redLights.current.map((l) => ({
                        key: `${l.indicatorId}|${l.nodeId}`,
                        title: fb.indicators.find((i) => i.id === l.indicatorId)?.name ?? l.indicatorId,
                        extra: `${t('yearend.feedback.node')} ${l.nodeId} · ${l.due}`,
                      })),
                      ...fb.redLights.items.map((i) => ({
                        key: i.id,
                        title: i.title,
                        extra: `${i.openedOn} · ${t(`yearend.feedback.itemStatus.${i.status}`, { defaultValue: i.status })}`,
                      })),
                    ]}
                    renderItem={(x) => (
                      <List.Item>
                        <Space>
                          <span
                            style={{
                              display: 'inline-block',
                              width: 10,
                              height: 10,
                              borderRadius: 5,
                              background: '#f5222d',
                            }}
                          />
                          <Typography.Text>{x.title}</Typography.Text>
                        </Space>
                        <Typography.Text type="secondary">{x.extra}</Typography.Text>
                      </List.Item>
                    )}
                  />
                )}
              </Card>
            </Col>
          </Row>

          <Card size="small" title={t('yearend.appeals.title')}>
            <Row gutter={[24, 16]}>
              {isUnit && can('appeals:file') && (
                <Col xs={24} lg={12}>
                  <AppealForm year={fb.year} indicators={fb.indicators} />
                </Col>
              )}
              <Col xs={24} lg={isUnit ? 12 : 24}>
                <AppealList items={appeals.data?.items ?? []} />
              </Col>
            </Row>
          </Card>
        </Space>
      )}
    </>
  );
}
