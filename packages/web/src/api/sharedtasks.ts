// Shared tasks without buck-passing (issue 20, R33). The shapes are the server's own (`@yardstick/server/contract`).
import type * as C from '@yardstick/server/contract';
import { api } from './client';

export type SharedTask = C.SharedTask;
export type SharedTaskList = C.SharedTaskList;
export type SharedTaskDispute = C.SharedTaskDispute;
export type SharedTaskCreate = C.CreateSharedTaskInput;
export type SharedTaskPatch = C.UpdateSharedTaskInput;
export type DisputeFile = C.FileDisputeInput;
export type DisputeRuling = C.RuleDisputeInput;
export type ApportionInput = C.ApportionInput;
export type ApportionResult = C.ApportionResult;
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
