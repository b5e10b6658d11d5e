// API of the in-year work (issue 5): self-reports, verification, lights, red-light items.
import { api } from './client';

export type Light = 'green' | 'yellow' | 'red';
export type LightReason = 'failed' | 'done' | 'missed' | 'onTrack' | 'dueSoon' | 'lagging' | 'notDue';
export type ReportStatus = 'draft' | 'submitted' | 'returned' | 'approved' | 'failed';

export interface Evidence {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export interface Report {
  id: string;
  year: number;
  status: ReportStatus;
  progress: number | null;
  value: number | null;
  inputs: Record<string, number> | null;
  grade: string | null;
  narrative: string | null;
  verifiedValue: number | null;
  assessorScore: number | null;
  scoreReason: string | null;
  returnReason: string | null;
  submittedAt: string | null;
  reviewedAt: string | null;
  changedAfterApproval: boolean;
  version: number;
  evidence: Evidence[];
}

export interface CellView {
  unitId: string;
  unitCode: string;
  unitName: string;
  indicatorId: string;
  indicatorName: string;
  nodeId: string;
  nodeName: string;
  due: string;
  expected: number;
  methodKind: string | null;
  inputNames: string[];
  grades: string[];
  scoreMin: number | null;
  scoreMax: number | null;
  evidenceRule: 'none' | 'optional' | 'required';
  fileTypes: string[];
  assessorId: string | null;
  /** The unit is the indicator's own assessor: the office verifies this report, not the assessor (A7). */
  officeReview: boolean;
  report: Report | null;
  light: Light | null;
  lightReason: LightReason | null;
}

export interface GridResult {
  year: number;
  total: number;
  counts: Record<string, number>;
  indicators: { id: string; name: string; nodes: { id: string; name: string; due: string }[] }[];
  items: CellView[];
}

export interface LightRow {
  unitId: string;
  unitCode: string;
  unitName: string;
  indicatorId: string;
  indicatorName: string;
  nodeId: string;
  nodeName: string;
  due: string;
  expected: number;
  light: Light;
  reason: LightReason;
  computedAt: string;
}

export interface RedItem {
  id: string;
  year: number;
  unitId: string;
  unitCode: string;
  unitName: string;
  source: string;
  indicatorId: string | null;
  nodeId: string | null;
  title: string;
  openedOn: string;
  answerDue: string;
  explanation: string | null;
  measures: string | null;
  answeredAt: string | null;
  status: 'open' | 'answered' | 'returned' | 'closed';
  officeNote: string | null;
  closedAt: string | null;
  overdue: boolean;
  answeredLate: boolean;
  version: number;
}

export interface SaveReport {
  indicatorId: string;
  nodeId: string;
  progress?: number | null;
  value?: number | null;
  inputs?: Record<string, number> | null;
  grade?: string | null;
  narrative?: string | null;
  version?: number;
}

export interface ReviewBody {
  action: 'approve' | 'return' | 'fail' | 'correct';
  version: number;
  reason?: string | null;
  verifiedValue?: number | null;
  assessorScore?: number | null;
  scoreReason?: string | null;
}

export type GridQuery = Partial<Record<'indicatorId' | 'nodeId' | 'status' | 'light' | 'q', string>>;

/** A multipart body built by hand, so the API client (CSRF, language, errors) sends it like any upload. */
function multipart(file: File): { data: Blob; contentType: string } {
  const boundary = `----ys${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`;
  const name = file.name.replace(/["\r\n]/g, '_');
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const data = new Blob([head, file, `\r\n--${boundary}--\r\n`]);
  return { data, contentType: `multipart/form-data; boundary=${boundary}` };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const inYearApi = {
  todo: () => api.get<{ year: number; today: string; items: CellView[] }>('/reports/todo'),
  grid: (q: GridQuery) => api.get<GridResult>('/reports/grid', { ...q, pageSize: 2000 }),
  get: (id: string) => api.get<CellView>(`/reports/${id}`),
  save: (body: SaveReport) => api.put<CellView>('/reports', body),
  submit: (id: string, version: number) => api.post<CellView>(`/reports/${id}/submit`, { version }),
  review: (id: string, body: ReviewBody) => api.post<CellView>(`/reports/${id}/review`, body),
  bulk: (action: 'approve' | 'return', items: { id: string; version: number }[], reason?: string) =>
    api.post<{ done: number }>('/reports/bulk-review', { action, items, reason }),
  upload: (id: string, file: File) => {
    const m = multipart(file);
    return api.upload<Evidence>(`/reports/${id}/evidence`, m.data, m.contentType);
  },
  removeEvidence: (id: string) => api.del<void>(`/evidence/${id}`),
  downloadEvidence: (id: string) => api.download(`/evidence/${id}`),
  template: (indicatorId: string, nodeId: string) => api.download('/reports/excel/template', { indicatorId, nodeId }),
  importExcel: (indicatorId: string, nodeId: string, file: File) =>
    api.upload<{ imported: number; created: number; updated: number; unchanged: number }>(
      '/reports/excel',
      file,
      XLSX,
      { indicatorId, nodeId },
    ),
  lights: (q: { light?: string; indicatorId?: string }) =>
    api.get<{ year: number; items: LightRow[]; counts: Record<Light, number> }>('/lights', q),
  history: (q: { unitId: string; indicatorId: string; nodeId: string }) =>
    api.get<{ items: { light: Light; previous: Light | null; reason: LightReason; day: string; at: string }[] }>(
      '/lights/history',
      q,
    ),
  redItems: (q: { status?: string; overdue?: string }) =>
    api.get<{ year: number; items: RedItem[]; counts: Record<string, number> }>('/redlights', q),
  answer: (id: string, body: { explanation: string; measures: string; version: number }) =>
    api.post<RedItem>(`/redlights/${id}/answer`, body),
  reviewRed: (id: string, body: { action: 'return' | 'close'; note?: string; version: number }) =>
    api.post<RedItem>(`/redlights/${id}/review`, body),
};
