import { useState, type ReactNode } from 'react';
import { App as AntApp, Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Tag, type MenuProps } from 'antd';
import {
  BulbOutlined,
  CheckSquareOutlined,
  FormOutlined,
  WarningOutlined,
  ApartmentOutlined,
  AuditOutlined,
  SafetyCertificateOutlined,
  DashboardOutlined,
  FlagOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuOutlined,
  MenuUnfoldOutlined,
  ProfileOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSignedIn, useSession } from '../auth/session';
import type { Permission } from '../api/types';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ROLE_COLORS } from '../components/roles';
import {
  AlertOutlined,
  BarChartOutlined,
  CommentOutlined,
  FundProjectionScreenOutlined,
  LikeOutlined,
  ToolOutlined,
  TrophyOutlined,
  AlertOutlined as SignalsIcon,
  BankOutlined as CityIcon,
  FileDoneOutlined as SupervisionIcon,
  FileTextOutlined,
} from '@ant-design/icons';
import { NotificationBell } from '../components/supervision/NotificationBell';
// issue 20 (R32, R33, R35)
import { AimOutlined, IdcardOutlined, OrderedListOutlined, PartitionOutlined } from '@ant-design/icons';

/** Menu sections, in the order of the assessment year. */
const SECTIONS = ['home', 'inYear', 'evaluation', 'yearEnd', 'basics', 'system'] as const;
type Section = (typeof SECTIONS)[number];

interface NavItem {
  key: string;
  section: Section;
  path: string;
  /** Shown when the user holds this permission (or any of these). */
  permission: Permission | readonly Permission[];
  icon: ReactNode;
  labelKey: string;
  testId: string;
}

// The menu shows only what the user's permissions allow (the server enforces the same).
const NAV: NavItem[] = [
  {
    key: 'overview',
    section: 'home',
    path: '/',
    permission: 'overview:read',
    icon: <DashboardOutlined />,
    labelKey: 'menu.overview',
    testId: 'menu-overview',
  },
  // --- issue 5 menu (in-year) ---
  {
    key: 'reports',
    section: 'inYear',
    path: '/reports',
    permission: 'reports:write',
    icon: <FormOutlined />,
    labelKey: 'inyear.menu.reports',
    testId: 'menu-reports',
  },
  {
    key: 'verify',
    section: 'inYear',
    path: '/verify',
    permission: 'reports:verify',
    icon: <CheckSquareOutlined />,
    labelKey: 'inyear.menu.verify',
    testId: 'menu-verify',
  },
  {
    key: 'lights',
    section: 'inYear',
    path: '/lights',
    permission: 'reports:read',
    icon: <BulbOutlined />,
    labelKey: 'inyear.menu.lights',
    testId: 'menu-lights',
  },
  {
    key: 'redlights',
    section: 'inYear',
    path: '/redlights',
    permission: 'reports:read',
    icon: <WarningOutlined />,
    labelKey: 'inyear.menu.redlights',
    testId: 'menu-redlights',
  },
  {
    key: 'supervision',
    section: 'inYear',
    path: '/supervision',
    permission: 'supervision:read',
    icon: <SupervisionIcon />,
    labelKey: 'supervision.menu',
    testId: 'menu-supervision',
  },
  {
    key: 'city',
    section: 'inYear',
    path: '/city',
    permission: 'city:read',
    icon: <CityIcon />,
    labelKey: 'city.menu',
    testId: 'menu-city',
  },
  // --- issue 20 menu (R32 target negotiation, R33 shared tasks) ---
  {
    key: 'negotiations',
    section: 'inYear',
    path: '/negotiations',
    permission: 'city:read',
    icon: <AimOutlined />,
    labelKey: 'negotiation.menu',
    testId: 'menu-negotiations',
  },
  {
    key: 'shared-tasks',
    section: 'inYear',
    path: '/shared-tasks',
    permission: 'shares:read',
    icon: <PartitionOutlined />,
    labelKey: 'sharedTasks.menu',
    testId: 'menu-shared-tasks',
  },
  {
    key: 'signals',
    section: 'inYear',
    path: '/signals',
    permission: 'signals:read',
    icon: <SignalsIcon />,
    labelKey: 'signals.menu',
    testId: 'menu-signals',
  },
  // --- issue 6 menu (evaluation) ---
  {
    key: 'evaluation',
    section: 'evaluation',
    path: '/evaluation',
    permission: 'evaluation:read',
    icon: <LikeOutlined />,
    labelKey: 'evaluation.menu',
    testId: 'menu-evaluation',
  },
  // --- issue 7 menu (year-end) ---
  {
    key: 'results',
    section: 'yearEnd',
    path: '/results',
    permission: 'results:read',
    icon: <TrophyOutlined />,
    labelKey: 'results.menu',
    testId: 'menu-results',
  },
  {
    key: 'dashboards',
    section: 'yearEnd',
    path: '/dashboards',
    permission: 'dashboards:read',
    icon: <FundProjectionScreenOutlined />,
    labelKey: 'yearend.menu.dashboards',
    testId: 'menu-dashboards',
  },
  {
    key: 'feedback',
    section: 'yearEnd',
    path: '/feedback',
    permission: 'results:read',
    icon: <CommentOutlined />,
    labelKey: 'yearend.menu.feedback',
    testId: 'menu-feedback',
  },
  {
    key: 'appeals',
    section: 'yearEnd',
    path: '/appeals',
    permission: 'appeals:answer',
    icon: <AlertOutlined />,
    labelKey: 'yearend.menu.appeals',
    testId: 'menu-appeals',
  },
  {
    key: 'rectification',
    section: 'yearEnd',
    path: '/rectification',
    permission: 'rectification:read',
    icon: <ToolOutlined />,
    labelKey: 'yearend.menu.rectification',
    testId: 'menu-rectification',
  },
  {
    key: 'results-use',
    section: 'yearEnd',
    path: '/results-use',
    permission: 'results:use',
    icon: <BarChartOutlined />,
    labelKey: 'yearend.menu.use',
    testId: 'menu-results-use',
  },
  // issue 20: R34 assessors held to account (office), R31 reports to the county committee (office, leaders)
  {
    key: 'accountability',
    section: 'yearEnd',
    path: '/accountability',
    permission: 'accountability:read',
    icon: <AuditOutlined />,
    labelKey: 'accountability.menu',
    testId: 'menu-accountability',
  },
  {
    key: 'committee',
    section: 'inYear',
    path: '/committee',
    permission: 'committee:read',
    icon: <FileTextOutlined />,
    labelKey: 'committee.menu',
    testId: 'menu-committee',
  },
  // --- issue 20 menu (R35 results in cadre files) ---
  {
    key: 'cadres',
    section: 'yearEnd',
    path: '/cadres',
    permission: 'cadres:read',
    icon: <IdcardOutlined />,
    labelKey: 'cadres.menu',
    testId: 'menu-cadres',
  },
  {
    key: 'units',
    section: 'basics',
    path: '/units',
    permission: 'units:read',
    icon: <ApartmentOutlined />,
    labelKey: 'menu.units',
    testId: 'menu-units',
  },
  {
    key: 'schemes',
    section: 'basics',
    path: '/schemes',
    permission: 'schemes:read',
    icon: <ProfileOutlined />,
    labelKey: 'menu.schemes',
    testId: 'menu-schemes',
  },
  {
    key: 'records',
    section: 'basics',
    path: '/records',
    // a department that supplies rules' data keeps those rules' records here too
    permission: ['records:read', 'records:provide'],
    icon: <FlagOutlined />,
    labelKey: 'menu.records',
    testId: 'menu-records',
  },
  // issue 17: the periodic rankings a deduction rule reads (year data beside the records)
  {
    key: 'rankings',
    section: 'basics',
    path: '/rankings',
    permission: 'records:read',
    icon: <OrderedListOutlined />,
    labelKey: 'rankings.menu',
    testId: 'menu-rankings',
  },
  {
    key: 'users',
    section: 'system',
    path: '/users',
    permission: 'users:read',
    icon: <TeamOutlined />,
    labelKey: 'menu.users',
    testId: 'menu-users',
  },
  {
    key: 'audit',
    section: 'system',
    path: '/audit',
    permission: 'audit:read',
    icon: <AuditOutlined />,
    labelKey: 'menu.audit',
    testId: 'menu-audit',
  },
];

function selectedKey(pathname: string): string {
  const hit = NAV.filter((n) => n.path !== '/').find((n) => pathname === n.path || pathname.startsWith(n.path + '/'));
  return hit ? hit.key : pathname === '/' ? 'overview' : '';
}

export function AppLayout() {
  const { t } = useTranslation();
  const { user, can } = useSignedIn();
  const { signOut } = useSession();
  const canAny = (p: Permission | readonly Permission[]) => (typeof p === 'string' ? can(p) : p.some((x) => can(x)));
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  // Before the first measure `md` is undefined; treat that as desktop to avoid a flash of the drawer layout.
  const isPhone = screens.md === false;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);

  // Grouped by the stage of the year; a section shows only when the user may open something in it.
  const items: MenuProps['items'] = SECTIONS.flatMap((section): NonNullable<MenuProps['items']> => {
    const children = NAV.filter((n) => n.section === section && canAny(n.permission)).map((n) => ({
      key: n.key,
      icon: n.icon,
      label: t(n.labelKey),
      'data-testid': n.testId,
    }));
    if (children.length === 0) return [];
    if (section === 'home') return children;
    return [{ type: 'group' as const, key: `section-${section}`, label: t(`menu.sections.${section}`), children }];
  });

  const onMenuClick: MenuProps['onClick'] = ({ key }) => {
    const item = NAV.find((n) => n.key === key);
    if (item) navigate(item.path);
    setDrawerOpen(false);
  };

  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={[selectedKey(location.pathname)]}
      items={items}
      onClick={onMenuClick}
      data-testid="side-menu"
    />
  );

  const logo = (
    <div className="ys-logo">
      <img src="/favicon.svg" alt="" />
      {(!collapsed || isPhone) && <span>{t('app.shortName')}</span>}
    </div>
  );

  const logout = async () => {
    await signOut();
    // The session gate now redirects to /login.
    message.success(t('header.loggedOut'));
  };

  const userMenu: MenuProps = {
    items: [
      {
        key: 'who',
        disabled: true,
        label: (
          <div style={{ lineHeight: 1.5 }}>
            <div className="ys-muted" style={{ fontSize: 12 }}>
              {t('header.account')}
            </div>
            <div style={{ color: 'rgba(0,0,0,0.88)' }}>
              {user.displayName} <span className="ys-muted">({user.username})</span>
            </div>
            {user.unitName && <div className="ys-muted">{user.unitName}</div>}
          </div>
        ),
      },
      { type: 'divider' },
      {
        key: 'security',
        icon: <SafetyCertificateOutlined />,
        label: <span data-testid="menu-security">{t('header.security')}</span>,
        onClick: () => void navigate('/account'),
      },
      {
        key: 'logout',
        icon: <LogoutOutlined />,
        label: <span data-testid="logout">{t('header.logout')}</span>,
        onClick: () => void logout(),
      },
    ],
  };

  const roleName = t(`roles.${user.role}`);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isPhone ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          closable={false}
          styles={{ body: { padding: 0, background: '#0f2a54' } }}
        >
          {logo}
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider width={220} collapsible collapsed={collapsed} trigger={null}>
          {/* the sider stretches with the page; its content stays in view while the page scrolls */}
          <div style={{ position: 'sticky', top: 0, maxHeight: '100vh', overflowY: 'auto' }}>
            {logo}
            {menu}
          </div>
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header className="ys-header">
          <Button
            type="text"
            aria-label={t('menu.toggle')}
            data-testid="menu-toggle"
            icon={isPhone ? <MenuOutlined /> : collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => (isPhone ? setDrawerOpen(true) : setCollapsed((c) => !c))}
          />
          <div className="ys-header-title" data-testid="header-county">
            {user.tenantName}
            <small>{t('app.name')}</small>
          </div>
          <div className="ys-header-right">
            <NotificationBell />
            <LanguageSwitch compact={isPhone} />
            <Dropdown menu={userMenu} placement="bottomRight" trigger={['click']}>
              <div className="ys-user" data-testid="user-menu">
                <Avatar size={32} style={{ background: '#1a4fa0' }} icon={<UserOutlined />} />
                {!isPhone && (
                  <div className="ys-user-name">
                    <div data-testid="user-display-name">{user.displayName}</div>
                    <div>{user.unitName ?? user.username}</div>
                  </div>
                )}
                <Tag color={ROLE_COLORS[user.role]} style={{ marginInlineEnd: 0 }} data-testid="user-role">
                  {roleName}
                </Tag>
              </div>
            </Dropdown>
          </div>
        </Layout.Header>
        <Layout.Content className="ys-content">
          <Outlet />
        </Layout.Content>
        <Layout.Footer className="ys-footer" style={{ background: 'transparent' }}>
          {t('app.copyright', { county: user.tenantName })} · {t('app.slogan')}
        </Layout.Footer>
      </Layout>
    </Layout>
  );
}
