// R31: reports to the county committee (server module committee). The shapes are the server's own (contract).
import type * as C from '@yardstick/server/contract';
import { api } from './client';

export type CommitteeReport = C.CommitteeReport;
export type CommitteeReportInfo = C.CommitteeReportInfo;
export type CommitteePeriod = CommitteeReport['period'];
/** Typed by what the server makes of it (numbers), as the client writes it into the URL. */
export type CommitteeQuery = C.CommitteePeriodQuery;

export const committeeApi = {
  report: (q: CommitteeQuery) => api.get('/committee/report', { query: q }),
  list: (year?: number) => api.get('/committee/reports', { query: year ? { year } : {} }),
  issue: (q: CommitteeQuery) => api.post('/committee/reports', { body: q }),
  docx: (id: string) => api.download('/committee/reports/:id/docx', { params: { id } }),
};
