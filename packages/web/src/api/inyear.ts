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
  todo: () => api.get('/reports/todo'),
  grid: (q: GridQuery) => api.get('/reports/grid', { query: { ...q, pageSize: 2000 } }),
  get: (id: string) => api.get('/reports/:id', { params: { id } }),
  save: (body: SaveReport) => api.put('/reports', { body: body }),
  submit: (id: string, version: number) => api.post('/reports/:id/submit', { params: { id }, body: { version } }),
  review: (id: string, body: ReviewBody) => api.post('/reports/:id/review', { params: { id }, body: body }),
  bulk: (action: 'approve' | 'return', items: { id: string; version: number }[], reason?: string) =>
    api.post('/reports/bulk-review', { body: { action, items, reason } satisfies C.BulkReviewBodyInput }),
  upload: (id: string, file: File, onProgress?: UploadProgress) => {
    const m = multipart(file);
    return api.upload(
      '/reports/:id/evidence',
      { data: m.data, contentType: m.contentType },
      { params: { id }, onProgress: onProgress },
    );
  },
  removeEvidence: (id: string) => api.del('/evidence/:id', { params: { id } }),
  downloadEvidence: (id: string) => api.download('/evidence/:id', { params: { id } }),
  template: (indicatorId: string, nodeId: string) =>
    api.download('/reports/excel/template', { query: { indicatorId, nodeId } }),
  importExcel: (indicatorId: string, nodeId: string, file: File, onProgress?: UploadProgress) =>
    api.upload(
      '/reports/excel',
      { data: file, contentType: XLSX },
      { query: { indicatorId, nodeId }, onProgress: onProgress },
    ),
  lights: (q: { light?: Light; indicatorId?: string }) => api.get('/lights', { query: q }),
  history: (q: { unitId: string; indicatorId: string; nodeId: string }) => api.get('/lights/history', { query: q }),
  redItems: (q: { status?: RedItem['status']; overdue?: 'true' | 'false' }) => api.get('/redlights', { query: q }),
  answer: (id: string, body: { explanation: string; measures: string; version: number }) =>
    api.post('/redlights/:id/answer', { params: { id }, body: body }),
  reviewRed: (id: string, body: { action: 'return' | 'close'; note?: string; version: number }) =>
    api.post('/redlights/:id/review', { params: { id }, body: body }),
};
