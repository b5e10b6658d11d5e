// The periodic rankings a deduction rule reads (issue 17). The shapes are the server's own (`@yardstick/server/contract`).
import type * as C from '@yardstick/server/contract';
import { api } from './client';

export type RankingsYear = C.RankingsYear;
export type RankingTable = C.RankingTableView;
export type RankingTableCreate = C.CreateRankingTableInput;
export type RankingTableUpdate = C.UpdateRankingTableInput;
export type RankingEntry = RankingsYear['rankings'][number];

export const rankingsApi = {
  list: (year: number) => api.get('/rankings', { query: { year } }),
  create: (body: RankingTableCreate) => api.post('/rankings', { body: body }),
  update: (tid: string, body: RankingTableUpdate) => api.put('/rankings/:id', { params: { id: tid }, body: body }),
  remove: (tid: string, version: number) => api.del('/rankings/:id', { params: { id: tid }, query: { version } }),
};
