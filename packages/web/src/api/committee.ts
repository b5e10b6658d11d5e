// R31: reports to the county committee (server module committee). The shapes are the server's own, inferred from its
// zod schemas and imported as types only (nothing of the server reaches the bundle).
import type { z } from 'zod';
import type * as committee from '../../../server/src/modules/committee/schemas';
import { api } from './client';

export type CommitteeReport = z.output<typeof committee.CommitteeReport>;
export type CommitteeReportInfo = z.output<typeof committee.CommitteeReportInfo>;
export type CommitteePeriod = CommitteeReport['period'];
/** Typed by what the server makes of it (numbers), as the client writes it into the URL. */
export type CommitteeQuery = z.output<typeof committee.PeriodQuery>;

export const committeeApi = {
  report: (q: CommitteeQuery) => api.get<CommitteeReport>('/committee/report', q),
  list: (year?: number) =>
    api.get<z.output<typeof committee.CommitteeReportList>>('/committee/reports', year ? { year } : {}),
  issue: (q: CommitteeQuery) => api.post<CommitteeReportInfo>('/committee/reports', q),
  docx: (id: string) => api.download(`/committee/reports/${id}/docx`),
};
