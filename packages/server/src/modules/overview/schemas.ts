import { z } from 'zod';
import { Group, Unit } from '../units/schemas';

const n = z.number().int();
export const YearProgress = z.object({
  year: n,
  current: n,
  scheme: z.object({ published: n.nullable(), draft: n.nullable() }),
  reports: z.object({ draft: n, submitted: n, returned: n, approved: n }),
  lights: z.object({ green: n, yellow: n, red: n }),
  redLightItems: z.object({ open: n, answered: n, closed: n }),
  evaluation: z.object({ status: z.string(), turnout: z.object({ used: n, total: n }).nullable() }).nullable(),
  results: z.object({
    review: z.string().nullable(),
    blockers: n.nullable(),
    published: z.object({ seq: n, at: z.string() }).nullable(),
  }),
});

export const Overview = z.object({
  tenant: z.object({ id: z.uuid(), name: z.string() }),
  year: z.number().int(),
  /** The current year's pinned day (the demo's 2019: 2019-07-15), or null: the year is read as of that day. */
  asOf: z.string().nullable(),
  progress: YearProgress.nullable(),
  counts: z.object({
    units: z.number().int(),
    townships: z.number().int(),
    departments: z.number().int(),
    groups: z.number().int(),
    users: z.number().int(),
    activeUsers: z.number().int(),
  }),
  groups: z.array(Group),
  myUnit: Unit.nullable(),
  recentActivity: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), summary: z.string() })),
});

export type YearProgress = z.infer<typeof YearProgress>;
export type Overview = z.infer<typeof Overview>;
