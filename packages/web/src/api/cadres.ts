// Leadership teams in cadre files (issue 20, R35). The shapes are the server's own (`@yardstick/server/contract`).
import type * as C from '@yardstick/server/contract';
import { api } from './client';

export type Leader = C.Leader;
export type LeaderList = C.LeaderList;
export type LeaderCreate = C.CreateLeaderInput;
export type LeaderPatch = C.UpdateLeaderInput;
export type CadreFiles = C.CadreFiles;
export type CadreFileUnit = C.CadreFileUnit;

const id = (v: string) => encodeURIComponent(v);

export const cadresApi = {
  list: (year: number, unitId?: string) => api.get<LeaderList>('/cadres', { year, unitId }),
  files: (year: number) => api.get<CadreFiles>('/cadres/files', { year }),
  create: (body: LeaderCreate) => api.post<Leader>('/cadres', body),
  update: (lid: string, body: LeaderPatch) => api.patch<Leader>(`/cadres/${id(lid)}`, body),
  remove: (lid: string, version: number) => api.del<void>(`/cadres/${id(lid)}?version=${version}`),
  /** The results-use export for the organisation department (tier, rank history, consequences, leaders). */
  export: (year: number) => api.download('/results-use/export', { year, kind: 'cadres' }),
};
