import { useState } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  Col,
  Empty,
  Row,
  Segmented,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DownloadOutlined, FileWordOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { committeeApi, type CommitteePeriod, type CommitteeReport, type CommitteeReportInfo } from '../api/committee';
import { useSession } from '../auth/session';
import { errorMessage } from '../components/errors';
import { useWork } from '../components/useWork';
import { saveBlob } from '../components/ExcelButtons';
import { LoadError } from '../components/ListParts';
import { PageHeader } from '../components/PageHeader';
import { useYears } from '../components/supervision/shared';

const PERIODS: CommitteePeriod[] = ['month', 'quarter', 'half', 'year'];
const MAX: Record<CommitteePeriod, number> = { month: 12, quarter: 4, half: 2, year: 1 };

function IndexSelect({
  period,
  value,
  onChange,
}: {
  period: CommitteePeriod;
  value: number;
  onChange: (n: number) => void;
}) {
  const { t } = useTranslation();
  if (period === 'year') return null;
  const label = (n: number) =>
    period === 'month'
      ? t('committee.month', { n })
      : period === 'quarter'
        ? t('committee.quarter', { n })
        : t(`committee.half.${n === 1 ? '1' : '2'}`);
  return (
    <Select
      data-testid="committee-index"
      value={value}
      onChange={onChange}
      style={{ width: 120 }}
      options={Array.from({ length: MAX[period] }, (_, i) => ({ value: i + 1, label: label(i + 1) }))}
    />
  );
}

function DownloadButton({ info }: { info: CommitteeReportInfo }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const work = useWork();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size="small"
      icon={<DownloadOutlined />}
      loading={busy}
      data-testid={`committee-download-${info.seq}`}
      onClick={async () => {
        setBusy(true);
        try {
          const f = await work.run(t('work.committeeReport'), () => committeeApi.docx(info.id));
          saveBlob(f.blob, f.filename ?? `${info.docNumber}.docx`);
        } catch (e) {
          message.error(errorMessage(e, t));
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('committee.download')}
    </Button>
  );
}

function Stages({ r }: { r: CommitteeReport }) {
  const { t } = useTranslation();
  const s = r.stages;
  return (
    <Card size="small" title={t('committee.stages')} style={{ marginBottom: 12 }}>
      <Steps
        size="small"
        current={s.current === -1 ? s.steps.length : s.current}
        items={s.steps.map((x, i) => ({
          title: t(`committee.steps.${x.step}`),
          description: t(`committee.stepState.${x.done ? 'done' : i === s.current ? 'current' : 'todo'}`),
        }))}
      />
      <Space direction="vertical" size={2} style={{ marginTop: 12 }}>
        <Typography.Text>{t('committee.reports', s.reports)}</Typography.Text>
        <Typography.Text>{t('committee.lights', s.lights)}</Typography.Text>
        <Typography.Text>{t('committee.items', s.redLightItems)}</Typography.Text>
      </Space>
    </Card>
  );
}

function Report({ r }: { r: CommitteeReport }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const ev = r.evaluation;
  const countCols = [
    { title: t('committee.redNodes'), dataIndex: 'redNodes', width: 110, align: 'right' as const },
    { title: t('committee.cityRedNodes'), dataIndex: 'cityRedNodes', width: 110, align: 'right' as const },
    { title: t('committee.overdueAnswers'), dataIndex: 'overdueAnswers', width: 100, align: 'right' as const },
    { title: t('committee.overdueSupervision'), dataIndex: 'overdueSupervision', width: 100, align: 'right' as const },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary" data-testid="committee-asof">
        {t('committee.asOf', { day: r.asOf, from: r.from, to: r.to })}
      </Typography.Paragraph>
      <Stages r={r} />
      <Card size="small" title={t('committee.redLights')} style={{ marginBottom: 12 }}>
        <Typography.Paragraph data-testid="committee-city-sentence">
          <Tag color="red">{t('committee.city')}</Tag>
          {en ? r.redLights.city.sentenceEn : r.redLights.city.sentence}
        </Typography.Paragraph>
        {r.redLights.cityItems.length > 0 && (
          <Table
            size="small"
            pagination={false}
            rowKey={(x) => `${x.code}|${x.nodeName}|${x.day}`}
            dataSource={r.redLights.cityItems}
            style={{ marginBottom: 12 }}
            columns={[
              { title: t('committee.indicator'), key: 'i', render: (_, x) => `${x.indicatorName}（${x.code}）` },
              { title: t('committee.node'), dataIndex: 'nodeName' },
              { title: t('committee.day'), dataIndex: 'day', width: 110 },
              { title: t('committee.units'), key: 'u', render: (_, x) => x.units.join('、') },
            ]}
          />
        )}
        <Typography.Paragraph data-testid="committee-county-sentence">
          <Tag color="volcano">{t('committee.county')}</Tag>
          {en ? r.redLights.county.sentenceEn : r.redLights.county.sentence}
        </Typography.Paragraph>
        {r.redLights.countyItems.length > 0 && (
          <Table
            size="small"
            rowKey="indicatorId"
            dataSource={r.redLights.countyItems}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: t('committee.indicator'), dataIndex: 'indicatorName' },
              { title: t('committee.nodes'), dataIndex: 'nodes', width: 100, align: 'right' },
              { title: t('committee.units'), key: 'u', render: (_, x) => x.units.join('、') },
            ]}
          />
        )}
      </Card>
      <Card
        size="small"
        title={t('committee.laggards')}
        extra={<Typography.Text type="secondary">{t('committee.laggardsHint')}</Typography.Text>}
        style={{ marginBottom: 12 }}
      >
        <Table
          size="small"
          rowKey="unitName"
          data-testid="committee-laggards"
          dataSource={r.laggards}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('committee.none') }}
          columns={[
            { title: t('committee.unit'), dataIndex: 'unitName' },
            { title: t('committee.group'), dataIndex: 'groupName', width: 110 },
            ...countCols,
          ]}
        />
      </Card>
      <Card size="small" title={t('committee.overdue')} style={{ marginBottom: 12 }}>
        <Row gutter={12}>
          <Col xs={24} lg={12}>
            <Table
              size="small"
              rowKey={(x) => `${x.unitName}|${x.title}|${x.answerDue}`}
              dataSource={r.overdueAnswers}
              pagination={{ pageSize: 8, hideOnSinglePage: true }}
              locale={{ emptyText: t('committee.none') }}
              columns={[
                { title: t('committee.unit'), dataIndex: 'unitName', width: 130 },
                { title: t('committee.itemTitle'), dataIndex: 'title' },
                { title: t('committee.answerDue'), dataIndex: 'answerDue', width: 110 },
              ]}
            />
          </Col>
          <Col xs={24} lg={12}>
            <Table
              size="small"
              rowKey={(x) => `${x.unitName}|${x.title}`}
              dataSource={r.overdueSupervision}
              pagination={{ pageSize: 8, hideOnSinglePage: true }}
              locale={{ emptyText: t('committee.none') }}
              columns={[
                { title: t('committee.unit'), dataIndex: 'unitName', width: 130 },
                { title: t('committee.itemTitle'), dataIndex: 'title' },
                { title: t('committee.deadline'), dataIndex: 'deadline', width: 110 },
                { title: t('committee.progress'), key: 'p', width: 70, render: (_, x) => `${Math.round(x.progress)}%` },
              ]}
            />
          </Col>
        </Row>
      </Card>
      <Card size="small" title={t('committee.evaluation')} style={{ marginBottom: 12 }}>
        <Typography.Text data-testid="committee-turnout">
          {ev === null
            ? t('committee.noEvaluation')
            : `${t(`committee.evaluationStatus.${ev.status === 'open' || ev.status === 'closed' ? ev.status : 'draft'}`)}：${t(
                'committee.turnout',
                { total: ev.total, used: ev.used, rate: ev.total ? Math.round((ev.used / ev.total) * 1000) / 10 : 0 },
              )}`}
        </Typography.Text>
      </Card>
      <Card size="small" title={t('committee.table')} style={{ marginBottom: 12 }}>
        <Table
          size="small"
          rowKey="unitName"
          dataSource={r.table}
          pagination={{ pageSize: 15, hideOnSinglePage: true }}
          locale={{ emptyText: t('committee.none') }}
          columns={[
            { title: t('committee.unit'), dataIndex: 'unitName' },
            { title: t('committee.group'), dataIndex: 'groupName', width: 110 },
            ...countCols,
          ]}
        />
      </Card>
    </>
  );
}

/** R31: the office's report to the county committee, and the same page for leaders (read-only). */
export default function CommitteePage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const work = useWork();
  const { can } = useSession();
  const qc = useQueryClient();
  const { years, defaultYear } = useYears();
  const [chosen, setYear] = useState<number | undefined>();
  const year = chosen ?? defaultYear;
  const [period, setPeriod] = useState<CommitteePeriod>('quarter');
  const [index, setIndex] = useState(1);
  const q = { year, period, index: Math.min(index, MAX[period]) };
  const report = useQuery({ queryKey: ['committee', 'report', q], queryFn: () => committeeApi.report(q) });
  const list = useQuery({ queryKey: ['committee', 'list', year], queryFn: () => committeeApi.list(year) });
  const issue = useMutation({
    mutationFn: () => committeeApi.issue(q),
    onSuccess: async (info) => {
      message.success(t('committee.issued', { docNumber: info.docNumber }));
      void qc.invalidateQueries({ queryKey: ['committee', 'list'] });
      try {
        const f = await work.run(t('work.committeeReport'), () => committeeApi.docx(info.id));
        saveBlob(f.blob, f.filename ?? `${info.docNumber}.docx`);
      } catch (e) {
        message.error(errorMessage(e, t));
      }
    },
    onError: (e) => message.error(errorMessage(e, t)),
  });
  return (
    <>
      <PageHeader
        title={t('committee.title')}
        subtitle={t('committee.subtitle')}
        extra={
          <Space wrap>
            <span>{t('committee.year')}</span>
            <Select
              data-testid="committee-year"
              value={year}
              onChange={setYear}
              style={{ width: 100 }}
              options={years.map((y) => ({ value: y, label: y }))}
            />
            <Segmented
              data-testid="committee-period"
              value={period}
              onChange={(v) => {
                setPeriod(v as CommitteePeriod);
                setIndex(1);
              }}
              options={PERIODS.map((p) => ({ value: p, label: t(`committee.periods.${p}`) }))}
            />
            <IndexSelect period={period} value={q.index} onChange={setIndex} />
            {can('committee:write') && (
              <Button
                type="primary"
                icon={<FileWordOutlined />}
                loading={issue.isPending}
                data-testid="committee-issue"
                onClick={() => issue.mutate()}
              >
                {t('committee.issue')}
              </Button>
            )}
          </Space>
        }
      />
      {report.error ? <LoadError error={report.error} /> : report.data ? <Report r={report.data} /> : <Card loading />}
      <Card size="small" title={t('committee.register')}>
        <Table
          size="small"
          rowKey="id"
          data-testid="committee-register"
          dataSource={list.data?.items ?? []}
          loading={list.isLoading}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('committee.none')} /> }}
          columns={[
            { title: t('committee.docNumber'), dataIndex: 'docNumber' },
            { title: t('committee.label'), dataIndex: 'label' },
            { title: t('committee.issuedOn'), dataIndex: 'issuedOn', width: 120 },
            { title: '', key: 'd', width: 110, render: (_, x) => <DownloadButton info={x} /> },
          ]}
        />
      </Card>
    </>
  );
}
