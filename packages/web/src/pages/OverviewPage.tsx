import type { ReactNode } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Progress,
  Row,
  Skeleton,
  Steps,
  Table,
  Tag,
  Tooltip,
} from 'antd';
import {
  ApartmentOutlined,
  BankOutlined,
  ClusterOutlined,
  EnvironmentOutlined,
  HistoryOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import dayjs from 'dayjs';
import { overviewApi } from '../api/endpoints';
import { inYearApi } from '../api/inyear';
import { dashboardsApi, feedbackApi } from '../api/yearend';
import type { Group, Overview, Permission } from '../api/types';
import { useSignedIn } from '../auth/session';
import { errorMessage } from '../components/errors';
import { TODO_STATES, todoCounts, type TodoState } from './inyear/todo';

interface StatProps {
  testId: string;
  icon: ReactNode;
  color: string;
  title: string;
  value: number;
  suffix: string;
  hint?: string;
  onClick?: (() => void) | undefined;
}

function StatCard({ testId, icon, color, title, value, suffix, hint, onClick }: StatProps) {
  return (
    <Card
      className="ys-stat-card"
      variant="borderless"
      hoverable={Boolean(onClick)}
      onClick={onClick}
      data-testid={testId}
      style={{ height: '100%' }}
    >
      <div className="ys-stat-icon" style={{ background: `${color}14`, color }}>
        {icon}
      </div>
      <div style={{ minWidth: 0 }}>
        <div className="ys-muted" style={{ fontSize: 13 }}>
          {title}
        </div>
        <div style={{ fontSize: 28, fontWeight: 600, lineHeight: 1.25, color: '#14233c' }}>
          <span data-testid={`${testId}-value`}>{value.toLocaleString()}</span>
          {suffix && <span style={{ fontSize: 14, fontWeight: 400, marginLeft: 4 }}>{suffix}</span>}
        </div>
        {hint && <div className="ys-stat-hint">{hint}</div>}
      </div>
    </Card>
  );
}

function GroupsCard({ data, canOpenUnits }: { data: Overview; canOpenUnits: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const total = data.groups.reduce((s, g) => s + g.unitCount, 0);
  const groups = [...data.groups].sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
  return (
    <Card
      title={t('overview.groups.title')}
      extra={<span className="ys-muted ys-hide-xs">{t('overview.groups.extra')}</span>}
      variant="borderless"
      style={{ height: '100%' }}
    >
      <Table<Group>
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={groups}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('overview.groups.empty')} /> }}
        data-testid="overview-groups"
        columns={[
          {
            title: t('overview.groups.name'),
            dataIndex: 'name',
            render: (name: string) => (
              <span style={{ whiteSpace: 'nowrap' }}>
                <b style={{ fontWeight: 500 }}>{name}</b>
              </span>
            ),
          },
          {
            title: t('overview.groups.kind'),
            dataIndex: 'kind',
            width: 120,
            responsive: ['sm'],
            render: (k: Group['kind']) => <Tag color={k === 'township' ? 'green' : 'blue'}>{t(`kinds.${k}`)}</Tag>,
          },
          { title: t('overview.groups.unitCount'), dataIndex: 'unitCount', width: 110, align: 'right' },
          {
            title: t('overview.groups.share'),
            key: 'share',
            width: 180,
            responsive: ['sm'],
            render: (_, g) => (
              <Progress
                percent={total ? Math.round((g.unitCount / total) * 1000) / 10 : 0}
                size="small"
                strokeColor={g.kind === 'township' ? '#389e0d' : '#1a4fa0'}
              />
            ),
          },
          ...(canOpenUnits
            ? [
                {
                  title: '',
                  key: 'open',
                  width: 96,
                  render: (_: unknown, g: Group) => (
                    <Button
                      type="link"
                      size="small"
                      onClick={() => navigate(`/units?groupId=${encodeURIComponent(g.id)}`)}
                    >
                      {t('overview.groups.viewUnits')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function ActivityCard({ data }: { data: Overview }) {
  const { t } = useTranslation();
  return (
    <Card
      title={t('overview.activity.title')}
      extra={
        data.asOf ? (
          <Tooltip title={t('overview.activity.pinnedHint', { day: data.asOf })}>
            <Tag color="blue" data-testid="overview-as-of">
              {t('overview.activity.pinned', { day: data.asOf })}
            </Tag>
          </Tooltip>
        ) : undefined
      }
      variant="borderless"
      style={{ height: '100%' }}
      data-testid="overview-activity"
    >
      {data.recentActivity.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('overview.activity.empty')} />
      ) : (
        <ul className="ys-activity">
          {data.recentActivity.slice(0, 10).map((a, i) => (
            <li key={`${a.at}-${i}`}>
              <HistoryOutlined className="ys-activity-icon" />
              <div>
                <div>{a.summary}</div>
                <div className="ys-muted" style={{ fontSize: 13 }}>
                  {a.actor} ·{' '}
                  {data.asOf ? (
                    // A pinned year (the demo) is read as of its day: "3 分钟前" would contradict it.
                    <span>{dayjs(a.at).format('YYYY-MM-DD HH:mm')}</span>
                  ) : (
                    <Tooltip title={dayjs(a.at).format('YYYY-MM-DD HH:mm:ss')}>
                      <span>{dayjs(a.at).fromNow()}</span>
                    </Tooltip>
                  )}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function MyUnitCard({ data }: { data: Overview }) {
  const { t } = useTranslation();
  const u = data.myUnit;
  if (!u) return null;
  return (
    <Card
      title={
        <span>
          <BankOutlined style={{ color: '#1a4fa0', marginRight: 8 }} />
          {t('overview.myUnit.title')} · {u.name}
        </span>
      }
      variant="borderless"
      data-testid="overview-my-unit"
      style={{ marginBottom: 16 }}
    >
      <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
        <Descriptions.Item label={t('overview.myUnit.code')}>
          <span className="ys-mono">{u.code}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('overview.myUnit.group')}>{u.groupName}</Descriptions.Item>
        <Descriptions.Item label={t('overview.myUnit.kind')}>{t(`kinds.${u.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('overview.myUnit.contact')}>{u.contactName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('overview.myUnit.phone')}>{u.contactPhone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('overview.myUnit.status')}>
          <Badge
            status={u.active ? 'success' : 'default'}
            text={u.active ? t('common.active') : t('common.inactive')}
          />
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** The unit's own to-do: its cells by state, each opening 进度填报 filtered to it (issue 18). */
function UnitTodoCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['inyear', 'todo'], queryFn: inYearApi.todo });
  const today = q.data?.today ?? '';
  const counts = todoCounts(q.data?.items ?? [], today);
  const color: Record<TodoState, string> = {
    returned: '#cf1322',
    overdue: '#cf1322',
    dueSoon: '#d48806',
    notStarted: '#595959',
    submitted: '#1a4fa0',
    done: '#389e0d',
  };
  return (
    <Card
      title={t('overview.unit.todoTitle')}
      extra={today ? <span className="ys-muted">{t('overview.unit.asOf', { day: today })}</span> : undefined}
      variant="borderless"
      style={{ height: '100%' }}
      data-testid="overview-unit-todo"
    >
      {q.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <div className="ys-unit-todo">
          {TODO_STATES.map((s) => (
            <button
              key={s}
              type="button"
              className="ys-unit-todo-item"
              onClick={() => void navigate(`/reports?state=${s}`)}
              data-testid={`overview-todo-${s}`}
            >
              <span style={{ fontSize: 24, fontWeight: 600, color: counts[s] ? color[s] : '#bfbfbf' }}>
                {counts[s]}
              </span>
              <span className="ys-muted">{t(`inyear.todo.states.${s}`)}</span>
            </button>
          ))}
        </div>
      )}
    </Card>
  );
}

/** The unit's standing: its latest published result (rank in its group, tier) and its lights now. */
function UnitStandingCard({ p }: { p: Progress | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSignedIn();
  const years = useQuery({
    queryKey: ['feedback', 'years'],
    queryFn: feedbackApi.years,
    enabled: can('dashboards:read'),
  });
  const latest = years.data?.years.reduce((m, y) => Math.max(m, y.year), 0) || null;
  const dash = useQuery({
    queryKey: ['dashboards', 'unit', latest],
    queryFn: () => dashboardsApi.unit(latest ?? 0),
    enabled: latest !== null,
  });
  const r = dash.data?.result ?? null;
  return (
    <Card
      title={t('overview.unit.standingTitle')}
      variant="borderless"
      style={{ height: '100%' }}
      data-testid="overview-unit-standing"
      extra={
        can('dashboards:read') ? (
          <Button type="link" size="small" onClick={() => void navigate('/dashboards')}>
            {t('overview.unit.more')}
          </Button>
        ) : undefined
      }
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('overview.unit.lastResult', { year: latest ?? '—' })}>
          {r ? (
            <span data-testid="overview-unit-rank">
              {t('overview.unit.rank', { rank: r.rank, size: r.groupSize })} <Tag color="blue">{r.tierName}</Tag>
              <span className="ys-muted">{t('overview.unit.composite', { score: r.composite })}</span>
            </span>
          ) : (
            <span className="ys-muted">{t('overview.unit.noResult')}</span>
          )}
        </Descriptions.Item>
        {p && (
          <Descriptions.Item label={t('overview.unit.lightsNow', { year: p.year })}>
            <span>
              <Tag color="red">{t('overview.progress.red', { n: p.lights.red })}</Tag>
              <Tag color="gold">{t('overview.progress.yellow', { n: p.lights.yellow })}</Tag>
              <Tag color="green">{t('overview.progress.green', { n: p.lights.green })}</Tag>
            </span>
          </Descriptions.Item>
        )}
        {p && p.redLightItems.open > 0 && (
          <Descriptions.Item label={t('overview.unit.redItems')}>
            <Button type="link" size="small" style={{ padding: 0 }} onClick={() => void navigate('/redlights')}>
              {t('overview.progress.redItems', { n: p.redLightItems.open })}
            </Button>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

type Progress = NonNullable<Overview['progress']>;

/** Where the assessment year stands: one line of figures under each stage, each linking to its page. */
function YearProgressCard({ p }: { p: Progress }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSignedIn();
  const go = (path: string, permission: Permission) =>
    can(permission) ? { onClick: () => void navigate(path), style: { cursor: 'pointer' } } : {};
  const steps = ['scheme', 'process', 'evaluation', 'yearEnd', 'publish'] as const;
  const pendingReview = p.reports.submitted;
  const lightTags = (
    <span>
      <Tag color="red">{t('overview.progress.red', { n: p.lights.red })}</Tag>
      <Tag color="gold">{t('overview.progress.yellow', { n: p.lights.yellow })}</Tag>
      <Tag color="green">{t('overview.progress.green', { n: p.lights.green })}</Tag>
    </span>
  );
  const describe: Record<(typeof steps)[number], ReactNode> = {
    scheme:
      p.scheme.published !== null
        ? t('overview.progress.schemePublished', { v: p.scheme.published })
        : t('overview.progress.schemeDraft'),
    process: (
      <div {...go('/lights', 'reports:read')} data-testid="overview-progress-lights">
        {lightTags}
        <div>{t('overview.progress.reports', { submitted: pendingReview, approved: p.reports.approved })}</div>
        {p.redLightItems.open > 0 && (
          <div style={{ color: '#cf1322' }}>{t('overview.progress.redItems', { n: p.redLightItems.open })}</div>
        )}
      </div>
    ),
    evaluation: p.evaluation ? (
      <div {...go('/evaluation', 'evaluation:read')}>
        {t(`overview.progress.evaluation.${p.evaluation.status}`, { defaultValue: p.evaluation.status })}
        {p.evaluation.turnout && p.evaluation.turnout.total > 0 && (
          <Progress
            size="small"
            percent={Math.round((100 * p.evaluation.turnout.used) / p.evaluation.turnout.total)}
            format={() => `${p.evaluation?.turnout?.used}/${p.evaluation?.turnout?.total}`}
          />
        )}
      </div>
    ) : (
      t('overview.progress.notStarted')
    ),
    yearEnd: (
      <div {...go('/results', 'results:read')}>
        {p.results.review
          ? t(`overview.progress.review.${p.results.review}`, { defaultValue: p.results.review })
          : t('overview.progress.notStarted')}
        {p.results.blockers !== null && p.results.blockers > 0 && (
          <div>{t('overview.progress.blockers', { n: p.results.blockers })}</div>
        )}
      </div>
    ),
    publish: p.results.published
      ? t('overview.progress.published', {
          seq: p.results.published.seq,
          date: dayjs(p.results.published.at).format('YYYY-MM-DD'),
        })
      : t('overview.progress.notPublished'),
  };
  return (
    <Card
      title={t('overview.upcoming.title')}
      extra={<span style={{ color: '#8c8c8c' }}>{t('app.yearTitle', { year: p.year })}</span>}
      variant="borderless"
      data-testid="overview-upcoming"
    >
      <Steps
        size="small"
        responsive
        titlePlacement="vertical"
        current={p.current === -1 ? steps.length : p.current}
        items={steps.map((s) => ({ title: t(`overview.upcoming.steps.${s}`), content: describe[s] }))}
      />
    </Card>
  );
}

export default function OverviewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user, can } = useSignedIn();
  const q = useQuery({ queryKey: ['overview'], queryFn: overviewApi.get });

  if (q.isPending) {
    return (
      <Card variant="borderless">
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }
  if (q.isError) {
    return (
      <Alert
        type="error"
        showIcon
        title={t('errors.loadFailed')}
        description={errorMessage(q.error, t)}
        action={
          <Button size="small" onClick={() => void q.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  const d = q.data;
  const c = d.counts;
  const canUnits = can('units:read');
  const canUsers = can('users:read');
  const showActivity = user.role === 'office' || user.role === 'leader' || d.recentActivity.length > 0;
  const isUnit = user.role === 'unit';

  const stats: StatProps[] = [
    {
      testId: 'stat-units',
      icon: <ApartmentOutlined />,
      color: '#1a4fa0',
      title: t('overview.stats.units'),
      value: c.units,
      suffix: t('overview.stats.suffixUnit'),
      hint: t('overview.stats.unitsHint'),
      onClick: canUnits ? () => navigate('/units') : undefined,
    },
    {
      testId: 'stat-townships',
      icon: <EnvironmentOutlined />,
      color: '#389e0d',
      title: t('overview.stats.townships'),
      value: c.townships,
      suffix: t('overview.stats.suffixUnit'),
      onClick: canUnits ? () => navigate('/units?kind=township') : undefined,
    },
    {
      testId: 'stat-departments',
      icon: <BankOutlined />,
      color: '#0958d9',
      title: t('overview.stats.departments'),
      value: c.departments,
      suffix: t('overview.stats.suffixUnit'),
      onClick: canUnits ? () => navigate('/units?kind=department') : undefined,
    },
    {
      testId: 'stat-groups',
      icon: <ClusterOutlined />,
      color: '#d48806',
      title: t('overview.stats.groups'),
      value: c.groups,
      suffix: t('overview.stats.suffixUnit'),
    },
    {
      testId: 'stat-users',
      icon: <TeamOutlined />,
      color: '#722ed1',
      title: t('overview.stats.users'),
      value: c.users,
      suffix: t('overview.stats.suffixUser'),
      hint: t('overview.stats.activeUsers', { count: c.activeUsers }),
      onClick: canUsers ? () => navigate('/users') : undefined,
    },
  ];

  return (
    <div data-testid="overview-page">
      <div className="ys-welcome">
        <div>
          <h2>{t('overview.greeting', { name: user.displayName })}</h2>
          <p>{t('overview.subtitle', { county: d.tenant.name, year: d.year })}</p>
        </div>
        <div className="ys-welcome-slogan">{t('app.slogan')}</div>
      </div>

      <MyUnitCard data={d} />

      {isUnit ? (
        // A unit sees its own tasks and standing, not county-wide figures (issue 18).
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={24} lg={14}>
            <UnitTodoCard />
          </Col>
          <Col xs={24} lg={10}>
            <UnitStandingCard p={d.progress} />
          </Col>
        </Row>
      ) : (
        <div className="ys-stats">
          {stats.map((s) => (
            <StatCard key={s.testId} {...s} />
          ))}
        </div>
      )}

      <Row gutter={[16, 16]}>
        {d.progress && (
          <Col xs={24}>
            <YearProgressCard p={d.progress} />
          </Col>
        )}
        {!isUnit && (
          <Col xs={24} xl={showActivity ? 15 : 24}>
            <GroupsCard data={d} canOpenUnits={canUnits} />
          </Col>
        )}
        {showActivity && (
          <Col xs={24} xl={9}>
            <ActivityCard data={d} />
          </Col>
        )}
      </Row>
    </div>
  );
}
