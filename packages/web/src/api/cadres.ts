// Leadership teams in cadre files (issue 20, R35). The shapes are the server's own (`@yardstick/server/contract`).
import type * as C from '@yardstick/server/contract';
import { api } from './client';

export type Leader = C.Leader;
export type LeaderList = C.LeaderList;
export type LeaderCreate = C.CreateLeaderInput;
export type LeaderPatch = C.UpdateLeaderInput;
export type CadreFiles = C.CadreFiles;
export type CadreFileUnit = C.CadreFileUnit;

export const cadresApi = {
  list: (year: number, unitId?: string) => api.get('/cadres', { query: { year, unitId } }),
  files: (year: number) => api.get('/cadres/files', { query: { year } }),
  create: (body: LeaderCreate) => api.post('/cadres', { body: body }),
  update: (lid: string, body: LeaderPatch) => api.patch('/cadres/:id', { params: { id: lid }, body: body }),
  remove: (lid: string, version: number) => api.del('/cadres/:id', { params: { id: lid }, query: { version } }),
  /** The results-use export for the organisation department (tier, rank history, consequences, leaders). */
  export: (year: number) => api.download('/results-use/export', { query: { year, kind: 'cadres' } }),
};
