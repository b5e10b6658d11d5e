// Types and calls of the year-end follow-up: feedback, appeals, rectification, results use, dashboards
// (server modules feedback, appeals, rectification, resultsuse, dashboards).
import type * as C from '@yardstick/server/contract';
import * as enums from '@yardstick/server/enums';
import { api } from './client';

export type PublishedYearRef = C.PublishedYears['years'][number];
export type Feedback = C.Feedback;
export type IndicatorRow = Feedback['indicators'][number];
export type HistoryEntry = C.HistoryEntry;
export type AdjustmentLine = Feedback['adjustments'][number];
export type AdjustmentDetail = AdjustmentLine['detail'];

export const APPEAL_STATUSES = enums.APPEAL_STATUSES;
export type AppealStatus = C.Appeal['status'];
export type Appeal = C.Appeal;
export type AppealWindow = C.AppealWindow;

export const RECTIFICATION_STATUSES = enums.RECTIFICATION_STATUSES;
export type RectificationStatus = C.Rectification['status'];
export type RectificationSource = C.Rectification['source'];
export type Rectification = C.Rectification;
export type RectificationDetail = C.RectificationDetail;
export type Finding = C.Finding;

export type ResultsUse = C.ResultsUse;
export type UnitRef = ResultsUse['awards']['eligible'][number];
export type AccountabilityScope = C.ResultsUseQuery['accountability'];
/** The exports this page offers (the server's list may hold more, e.g. the cadre files of issue 20). */
export type ResultsUseExport = 'coefficients' | 'awards' | 'accountability';
export type YearSettings = C.YearSettings;

export type CountyDashboard = C.CountyDashboard;
export type UnitDashboard = C.UnitDashboard;

export const feedbackApi = {
  years: () => api.get('/feedback/years'),
  get: (year: number, unitId?: string) => api.get('/feedback', { query: { year, unitId } }),
};

export const appealsApi = {
  list: (q: Partial<C.AppealListQuery>) => api.get('/appeals', { query: q }),
  window: (year: number) => api.get('/appeals/window', { query: { year } }),
  file: (body: C.CreateAppealInput) => api.post('/appeals', { body: body }),
  answer: (id: string, body: C.AnswerAppealInput) => api.post('/appeals/:id/answer', { params: { id }, body: body }),
};

export const rectificationApi = {
  list: (q: Partial<C.RectificationListQuery>) => api.get('/rectifications', { query: q }),
  get: (id: string) => api.get('/rectifications/:id', { params: { id } }),
  findings: (year: number) => api.get('/rectifications/findings', { query: { year } }),
  generate: (body: C.GenerateRectificationsInput) => api.post('/rectifications/generate', { body: body }),
  update: (id: string, body: C.UpdateRectificationInput) =>
    api.patch('/rectifications/:id', { params: { id }, body: body }),
  progress: (id: string, body: C.ReportProgressInput) =>
    api.post('/rectifications/:id/progress', { params: { id }, body: body }),
  verify: (id: string, body: C.VerifyRectificationInput) =>
    api.post('/rectifications/:id/verify', { params: { id }, body: body }),
};

export const resultsUseApi = {
  get: (year: number, accountability: AccountabilityScope = 'fullMarks') =>
    api.get('/results-use', { query: { year, accountability } }),
  export: (year: number, kind: ResultsUseExport, accountability: AccountabilityScope = 'fullMarks') =>
    api.download('/results-use/export', { query: { year, kind, accountability } }),
  settings: (year: number) => api.get('/yearend/settings', { query: { year } }),
  saveSettings: (body: C.UpdateYearSettingsInput) => api.put('/yearend/settings', { body: body }),
};

export const dashboardsApi = {
  county: (year: number) => api.get('/dashboards/county', { query: { year } }),
  unit: (year: number, unitId?: string) => api.get('/dashboards/unit', { query: { year, unitId } }),
};
