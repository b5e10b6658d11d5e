// R34: assessors held to account (server module accountability). The shapes are the server's own (contract).
import type * as C from '@yardstick/server/contract';
import { api } from './client';

export type AccountabilityView = C.AccountabilityView;
export type AssessorRow = C.AssessorRow;
export type Concern = AssessorRow['concerns'][number];

export const accountabilityApi = {
  assessors: (year?: number) => api.get('/accountability/assessors', { query: year !== undefined ? { year } : {} }),
};
