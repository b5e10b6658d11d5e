import { z } from 'zod';
import { listOf, PageQuery } from '../../lib/schemas';

export const AuditQuery = z.object({
  ...PageQuery,
  action: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(32).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditRecord = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string().nullable(),
  actorRole: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  summary: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;
export const AuditList = listOf(AuditRecord);

export const Verification = z.object({
  chain: z.object({
    ok: z.boolean(),
    checked: z.number().int(),
    firstBroken: z.object({ id: z.number().int(), reason: z.string() }).nullable(),
  }),
  checkpoints: z.object({
    ok: z.boolean(),
    checked: z.number().int(),
    firstBad: z.object({ lastAuditId: z.number().int(), reason: z.string() }).nullable(),
  }),
});
