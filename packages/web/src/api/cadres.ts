// Leadership teams in cadre files (issue 20, R35). The shapes are the server's own (zod schemas, `import type`).
import type { z } from 'zod';
import type * as S from '../../../server/src/modules/cadres/schemas';
import { api } from './client';

export type Leader = z.output<typeof S.Leader>;
export type LeaderList = z.output<typeof S.LeaderList>;
export type LeaderCreate = z.input<typeof S.CreateLeader>;
export type LeaderPatch = z.input<typeof S.UpdateLeader>;
export type CadreFiles = z.output<typeof S.CadreFiles>;
export type CadreFileUnit = z.output<typeof S.CadreFileUnit>;

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
