import { z } from 'zod';

/** What `/api/health` answers: the database, its migrations and the version. */
export const Health = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  migration: z.object({ applied: z.number().int(), latest: z.number().int(), name: z.string().nullable() }),
  version: z.string(),
  uptimeSeconds: z.number(),
});
