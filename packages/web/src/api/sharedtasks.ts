// Shared tasks without buck-passing (issue 20, R33). The shapes are the server's own (zod schemas, `import type`).
import type { z } from 'zod';
import type * as S from '../../../server/src/modules/sharedtasks/schemas';
import { api } from './client';

export type SharedTask = z.output<typeof S.SharedTask>;
export type SharedTaskList = z.output<typeof S.SharedTaskList>;
export type SharedTaskDispute = z.output<typeof S.SharedTaskDispute>;
export type SharedTaskCreate = z.input<typeof S.CreateSharedTask>;
export type SharedTaskPatch = z.input<typeof S.UpdateSharedTask>;
export type DisputeFile = z.input<typeof S.FileDispute>;
export type DisputeRuling = z.input<typeof S.RuleDispute>;
export type ApportionInput = z.input<typeof S.Apportion>;
export type ApportionResult = z.output<typeof S.ApportionResult>;
export type SharedKind = SharedTask['kind'];

const id = (v: string) => encodeURIComponent(v);

export const sharedTasksApi = {
  list: (year: number) => api.get<SharedTaskList>('/shared-tasks', { year }),
  create: (body: SharedTaskCreate) => api.post<SharedTask>('/shared-tasks', body),
  update: (tid: string, body: SharedTaskPatch) => api.patch<SharedTask>(`/shared-tasks/${id(tid)}`, body),
  dispute: (tid: string, body: DisputeFile) => api.post<SharedTask>(`/shared-tasks/${id(tid)}/disputes`, body),
  rule: (did: string, body: DisputeRuling) => api.post<SharedTask>(`/shared-task-disputes/${id(did)}/ruling`, body),
  apportion: (tid: string, body: ApportionInput) =>
    api.post<ApportionResult>(`/shared-tasks/${id(tid)}/apportion`, body),
};
