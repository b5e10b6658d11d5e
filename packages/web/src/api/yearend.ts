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

const enc = encodeURIComponent;

export const feedbackApi = {
  years: () => api.get<C.PublishedYears>('/feedback/years'),
  get: (year: number, unitId?: string) => api.get<Feedback>('/feedback', { year, unitId }),
};

export const appealsApi = {
  list: (q: Partial<C.AppealListQuery>) => api.get<C.AppealList>('/appeals', { ...q }),
  window: (year: number) => api.get<AppealWindow>('/appeals/window', { year }),
  file: (body: C.CreateAppealInput) => api.post<Appeal>('/appeals', body),
  answer: (id: string, body: C.AnswerAppealInput) => api.post<Appeal>(`/appeals/${enc(id)}/answer`, body),
};

export const rectificationApi = {
  list: (q: Partial<C.RectificationListQuery>) => api.get<C.RectificationList>('/rectifications', { ...q }),
  get: (id: string) => api.get<RectificationDetail>(`/rectifications/${enc(id)}`),
  findings: (year: number) => api.get<C.FindingList>('/rectifications/findings', { year }),
  generate: (body: C.GenerateRectificationsInput) => api.post<C.GenerateResult>('/rectifications/generate', body),
  update: (id: string, body: C.UpdateRectificationInput) =>
    api.patch<RectificationDetail>(`/rectifications/${enc(id)}`, body),
  progress: (id: string, body: C.ReportProgressInput) =>
    api.post<RectificationDetail>(`/rectifications/${enc(id)}/progress`, body),
  verify: (id: string, body: C.VerifyRectificationInput) =>
    api.post<RectificationDetail>(`/rectifications/${enc(id)}/verify`, body),
};

export const resultsUseApi = {
  get: (year: number, accountability: AccountabilityScope = 'fullMarks') =>
    api.get<ResultsUse>('/results-use', { year, accountability }),
  export: (year: number, kind: ResultsUseExport, accountability: AccountabilityScope = 'fullMarks') =>
    api.download('/results-use/export', { year, kind, accountability }),
  settings: (year: number) => api.get<YearSettings>('/yearend/settings', { year }),
  saveSettings: (body: C.UpdateYearSettingsInput) => api.put<YearSettings>('/yearend/settings', body),
};

export const dashboardsApi = {
  county: (year: number) => api.get<CountyDashboard>('/dashboards/county', { year }),
  unit: (year: number, unitId?: string) => api.get<UnitDashboard>('/dashboards/unit', { year, unitId }),
};
