// API of the in-year work (issue 5): self-reports, verification, lights, red-light items.
import type * as C from '@yardstick/server/contract';
import { api, type UploadProgress } from './client';

export type Light = C.LightColour;
export type LightReason = C.LightReasonCode;
export type ReportStatus = C.ReportStatus;
export type Evidence = C.Evidence;
export type Report = C.Report;
export type CellView = C.ReportCell;
export type GridResult = C.ReportGrid;
export type LightRow = C.LightRow;
export type RedItem = C.RedItem;
export type SaveReport = C.SaveReportBodyInput;
export type ReviewBody = C.ReviewReportBodyInput;
export type GridQuery = Partial<Pick<C.GridQuery, 'indicatorId' | 'nodeId' | 'status' | 'light' | 'q'>>;

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
  todo: () => api.get<C.TodoList>('/reports/todo'),
  grid: (q: GridQuery) => api.get<GridResult>('/reports/grid', { ...q, pageSize: 2000 }),
  get: (id: string) => api.get<CellView>(`/reports/${id}`),
  save: (body: SaveReport) => api.put<CellView>('/reports', body),
  submit: (id: string, version: number) => api.post<CellView>(`/reports/${id}/submit`, { version }),
  review: (id: string, body: ReviewBody) => api.post<CellView>(`/reports/${id}/review`, body),
  bulk: (action: 'approve' | 'return', items: { id: string; version: number }[], reason?: string) =>
    api.post<C.BulkReviewResult>('/reports/bulk-review', { action, items, reason } satisfies C.BulkReviewBodyInput),
  upload: (id: string, file: File, onProgress?: UploadProgress) => {
    const m = multipart(file);
    return api.upload<Evidence>(`/reports/${id}/evidence`, m.data, m.contentType, undefined, onProgress);
  },
  removeEvidence: (id: string) => api.del<void>(`/evidence/${id}`),
  downloadEvidence: (id: string) => api.download(`/evidence/${id}`),
  template: (indicatorId: string, nodeId: string) => api.download('/reports/excel/template', { indicatorId, nodeId }),
  importExcel: (indicatorId: string, nodeId: string, file: File, onProgress?: UploadProgress) =>
    api.upload<C.ReportImportResult>('/reports/excel', file, XLSX, { indicatorId, nodeId }, onProgress),
  lights: (q: { light?: Light; indicatorId?: string }) => api.get<C.LightList>('/lights', q),
  history: (q: { unitId: string; indicatorId: string; nodeId: string }) =>
    api.get<C.LightHistory>('/lights/history', q),
  redItems: (q: { status?: RedItem['status']; overdue?: 'true' | 'false' }) => api.get<C.RedItemList>('/redlights', q),
  answer: (id: string, body: { explanation: string; measures: string; version: number }) =>
    api.post<RedItem>(`/redlights/${id}/answer`, body),
  reviewRed: (id: string, body: { action: 'return' | 'close'; note?: string; version: number }) =>
    api.post<RedItem>(`/redlights/${id}/review`, body),
};
