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

export const sharedTasksApi = {
  list: (year: number) => api.get('/shared-tasks', { query: { year } }),
  create: (body: SharedTaskCreate) => api.post('/shared-tasks', { body: body }),
  update: (tid: string, body: SharedTaskPatch) => api.patch('/shared-tasks/:id', { params: { id: tid }, body: body }),
  dispute: (tid: string, body: DisputeFile) =>
    api.post('/shared-tasks/:id/disputes', { params: { id: tid }, body: body }),
  rule: (did: string, body: DisputeRuling) =>
    api.post('/shared-task-disputes/:id/ruling', { params: { id: did }, body: body }),
  apportion: (tid: string, body: ApportionInput) =>
    api.post('/shared-tasks/:id/apportion', { params: { id: tid }, body: body }),
};
