// R34: assessors held to account (server module accountability). The shapes are the server's own, inferred from its
// zod schemas and imported as types only.
import type { z } from 'zod';
import type * as accountability from '../../../server/src/modules/accountability/schemas';
import { api } from './client';

export type AccountabilityView = z.output<typeof accountability.AccountabilityView>;
export type AssessorRow = z.output<typeof accountability.AssessorRow>;
export type Concern = AssessorRow['concerns'][number];

export const accountabilityApi = {
  assessors: (year?: number) =>
    api.get<AccountabilityView>('/accountability/assessors', year !== undefined ? { year } : {}),
};
