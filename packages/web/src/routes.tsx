import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession, wasSignedOutByUser } from './auth/session';
import { FirstRunGate } from './auth/FirstRunGate';
import type { Permission } from './api/types';
import { errorMessage } from './components/errors';
import { AppLayout } from './layout/AppLayout';
import { ForbiddenPage } from './pages/ForbiddenPage';
import { NotFoundPage } from './pages/NotFoundPage';

// Each page is its own chunk; the layout and the small result pages ship with the entry.
const LoginPage = lazy(() => import('./pages/LoginPage'));
const SetupPage = lazy(() => import('./pages/SetupPage'));
const OverviewPage = lazy(() => import('./pages/OverviewPage'));
const UnitsPage = lazy(() => import('./pages/UnitsPage'));
const UsersPage = lazy(() => import('./pages/UsersPage'));
const SchemesPage = lazy(() => import('./pages/SchemesPage'));
const SchemeEditorPage = lazy(() => import('./pages/SchemeEditorPage'));
const SchemeDiffPage = lazy(() => import('./pages/SchemeDiffPage'));
const RecordsPage = lazy(() => import('./pages/RecordsPage'));
const RankingsPage = lazy(() => import('./pages/RankingsPage'));
const SecurityPage = lazy(() => import('./pages/SecurityPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
// --- issue 5 pages (in-year) ---
const ReportsPage = lazy(() => import('./pages/inyear/ReportsPage'));
const VerifyPage = lazy(() => import('./pages/inyear/VerifyPage'));
const LightsPage = lazy(() => import('./pages/inyear/LightsPage'));
const RedLightsPage = lazy(() => import('./pages/inyear/RedLightsPage'));
const SupervisionPage = lazy(() => import('./pages/SupervisionPage'));
const SupervisionDetailPage = lazy(() => import('./pages/SupervisionDetailPage'));
const CityPage = lazy(() => import('./pages/CityPage'));
const SignalsPage = lazy(() => import('./pages/SignalsPage'));
const NotificationsPage = lazy(() => import('./pages/NotificationsPage'));
// --- issue 6 pages (evaluation) ---
const EvaluationPage = lazy(() => import('./pages/EvaluationPage'));
const EvaluationCampaignPage = lazy(() => import('./pages/EvaluationCampaignPage'));
const VotePage = lazy(() => import('./pages/VotePage'));
// --- issue 7 pages (year-end) ---
const ResultsPage = lazy(() => import('./pages/ResultsPage'));
const FeedbackPage = lazy(() => import('./pages/FeedbackPage'));
const AppealsPage = lazy(() => import('./pages/AppealsPage'));
const RectificationPage = lazy(() => import('./pages/RectificationPage'));
const ResultsUsePage = lazy(() => import('./pages/ResultsUsePage'));
const DashboardsPage = lazy(() => import('./pages/DashboardsPage'));
// --- issue 20 pages (R31 reports to the county committee, R34 assessors held to account) ---
const CommitteePage = lazy(() => import('./pages/CommitteePage'));
const AccountabilityPage = lazy(() => import('./pages/AccountabilityPage'));
// --- issue 20 pages (R32, R33, R35) ---
const NegotiationPage = lazy(() => import('./pages/NegotiationPage'));
const SharedTasksPage = lazy(() => import('./pages/SharedTasksPage'));
const CadresPage = lazy(() => import('./pages/CadresPage'));

export function PageSpin() {
  return (
    <div className="ys-fullscreen-center" style={{ minHeight: 320 }}>
      <Spin size="large" />
    </div>
  );
}

function SessionGate({ children, requireSignedIn }: { children: ReactNode; requireSignedIn: boolean }) {
  const { session, loading, error, retry } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  if (loading) {
    return (
      <div className="ys-fullscreen-center">
        <Spin size="large" />
      </div>
    );
  }
  if (error && !session) {
    return (
      <div className="ys-fullscreen-center">
        <Result
          status="warning"
          title={errorMessage(error, t)}
          extra={
            <Button type="primary" onClick={retry}>
              {t('common.retry')}
            </Button>
          }
        />
      </div>
    );
  }
  if (requireSignedIn && !session) {
    const next = location.pathname + location.search;
    const plain = next === '/' || wasSignedOutByUser();
    return <Navigate to={plain ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  // A password or second factor that must be dealt with first: only the account page is open.
  if (
    requireSignedIn &&
    session &&
    (session.mustChangePassword || session.mustEnrollTotp) &&
    location.pathname !== '/account'
  ) {
    return <Navigate to="/account" replace />;
  }
  if (!requireSignedIn && session) {
    const next = new URLSearchParams(location.search).get('next');
    // Only same-app paths, never an absolute URL someone slipped into ?next=.
    return <Navigate to={next && next.startsWith('/') && !next.startsWith('//') ? next : '/'} replace />;
  }
  return <>{children}</>;
}

function Guard({ permission, children }: { permission: Permission | readonly Permission[]; children: ReactNode }) {
  const { can } = useSession();
  const list: readonly Permission[] = typeof permission === 'string' ? [permission] : permission;
  if (!list.some((p) => can(p))) return <ForbiddenPage />;
  return <Suspense fallback={<PageSpin />}>{children}</Suspense>;
}

export function createRouter() {
  return createBrowserRouter([
    {
      path: '/login',
      element: (
        <SessionGate requireSignedIn={false}>
          <Suspense
            fallback={
              <div className="ys-fullscreen-center">
                <Spin size="large" />
              </div>
            }
          >
            <FirstRunGate>
              <LoginPage />
            </FirstRunGate>
          </Suspense>
        </SessionGate>
      ),
    },
    // First run (issue 15): no county on the server yet; the page itself sends a set-up server back to /login.
    {
      path: '/setup',
      element: (
        <Suspense fallback={<PageSpin />}>
          <SetupPage />
        </Suspense>
      ),
    },
    // Public voting by one-time code (issue 6): no account, outside the signed-in layout.
    {
      path: '/vote',
      element: (
        <Suspense fallback={<PageSpin />}>
          <VotePage />
        </Suspense>
      ),
    },
    {
      path: '/',
      element: (
        <SessionGate requireSignedIn>
          <AppLayout />
        </SessionGate>
      ),
      children: [
        {
          index: true,
          element: (
            <Guard permission="overview:read">
              <OverviewPage />
            </Guard>
          ),
        },
        {
          path: 'units',
          element: (
            <Guard permission="units:read">
              <UnitsPage />
            </Guard>
          ),
        },
        {
          path: 'users',
          element: (
            <Guard permission="users:read">
              <UsersPage />
            </Guard>
          ),
        },
        {
          path: 'schemes',
          element: (
            <Guard permission="schemes:read">
              <SchemesPage />
            </Guard>
          ),
        },
        {
          path: 'schemes/diff',
          element: (
            <Guard permission="schemes:read">
              <SchemeDiffPage />
            </Guard>
          ),
        },
        {
          path: 'schemes/:id',
          element: (
            <Guard permission="schemes:read">
              <SchemeEditorPage />
            </Guard>
          ),
        },
        {
          path: 'records',
          element: (
            <Guard permission={['records:read', 'records:provide']}>
              <RecordsPage />
            </Guard>
          ),
        },
        {
          // issue 17: the periodic rankings a deduction rule reads
          path: 'rankings',
          element: (
            <Guard permission="records:read">
              <RankingsPage />
            </Guard>
          ),
        },
        {
          path: 'account',
          element: (
            <Suspense fallback={<PageSpin />}>
              <SecurityPage />
            </Suspense>
          ),
        },
        {
          path: 'audit',
          element: (
            <Guard permission="audit:read">
              <AuditPage />
            </Guard>
          ),
        },
        // --- issue 5 routes (in-year) ---
        {
          path: 'reports',
          element: (
            <Guard permission="reports:write">
              <ReportsPage />
            </Guard>
          ),
        },
        {
          path: 'verify',
          element: (
            <Guard permission="reports:verify">
              <VerifyPage />
            </Guard>
          ),
        },
        {
          path: 'lights',
          element: (
            <Guard permission="reports:read">
              <LightsPage />
            </Guard>
          ),
        },
        {
          path: 'redlights',
          element: (
            <Guard permission="reports:read">
              <RedLightsPage />
            </Guard>
          ),
        },
        {
          path: 'supervision',
          element: (
            <Guard permission="supervision:read">
              <SupervisionPage />
            </Guard>
          ),
        },
        {
          path: 'supervision/:id',
          element: (
            <Guard permission="supervision:read">
              <SupervisionDetailPage />
            </Guard>
          ),
        },
        {
          path: 'city',
          element: (
            <Guard permission="city:read">
              <CityPage />
            </Guard>
          ),
        },
        {
          path: 'signals',
          element: (
            <Guard permission="signals:read">
              <SignalsPage />
            </Guard>
          ),
        },
        {
          path: 'notifications',
          element: (
            <Suspense fallback={<PageSpin />}>
              <NotificationsPage />
            </Suspense>
          ),
        },
        // --- issue 6 routes (evaluation) ---
        {
          path: 'evaluation',
          element: (
            <Guard permission="evaluation:read">
              <EvaluationPage />
            </Guard>
          ),
        },
        {
          path: 'evaluation/:id',
          element: (
            <Guard permission="evaluation:read">
              <EvaluationCampaignPage />
            </Guard>
          ),
        },
        // --- issue 7 routes (year-end) ---
        {
          path: 'results',
          element: (
            <Guard permission="results:read">
              <ResultsPage />
            </Guard>
          ),
        },
        {
          path: 'feedback',
          element: (
            <Guard permission="results:read">
              <FeedbackPage />
            </Guard>
          ),
        },
        {
          path: 'appeals',
          element: (
            <Guard permission="appeals:answer">
              <AppealsPage />
            </Guard>
          ),
        },
        {
          path: 'rectification',
          element: (
            <Guard permission="rectification:read">
              <RectificationPage />
            </Guard>
          ),
        },
        {
          path: 'results-use',
          element: (
            <Guard permission="results:use">
              <ResultsUsePage />
            </Guard>
          ),
        },
        // --- issue 20 routes (R32, R33, R35) ---
        {
          path: 'negotiations',
          element: (
            <Guard permission="city:read">
              <NegotiationPage />
            </Guard>
          ),
        },
        {
          path: 'shared-tasks',
          element: (
            <Guard permission="shares:read">
              <SharedTasksPage />
            </Guard>
          ),
        },
        {
          path: 'cadres',
          element: (
            <Guard permission="cadres:read">
              <CadresPage />
            </Guard>
          ),
        },
        {
          path: 'dashboards',
          element: (
            <Guard permission="dashboards:read">
              <DashboardsPage />
            </Guard>
          ),
        },
        {
          path: 'committee',
          element: (
            <Guard permission="committee:read">
              <CommitteePage />
            </Guard>
          ),
        },
        {
          path: 'accountability',
          element: (
            <Guard permission="accountability:read">
              <AccountabilityPage />
            </Guard>
          ),
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
