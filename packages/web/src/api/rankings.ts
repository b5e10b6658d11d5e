// The periodic rankings a deduction rule reads (issue 17). The shapes are the server's own (`@yardstick/server/contract`).
import type * as C from '@yardstick/server/contract';
import { api } from './client';

export type RankingsYear = C.RankingsYear;
export type RankingTable = C.RankingTableView;
export type RankingTableCreate = C.CreateRankingTableInput;
export type RankingTableUpdate = C.UpdateRankingTableInput;
export type RankingEntry = RankingsYear['rankings'][number];

const id = (v: string) => encodeURIComponent(v);

export const rankingsApi = {
  list: (year: number) => api.get<RankingsYear>('/rankings', { year }),
  create: (body: RankingTableCreate) => api.post<RankingTable>('/rankings', body),
  update: (tid: string, body: RankingTableUpdate) => api.put<RankingTable>(`/rankings/${id(tid)}`, body),
  remove: (tid: string, version: number) => api.del<void>(`/rankings/${id(tid)}?version=${version}`),
};
