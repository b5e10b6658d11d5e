import { z } from 'zod';
import { optionalText, text } from '../../lib/schemas';
import { UnitRef } from '../supervision/schemas';

const Year = z.coerce.number().int().min(2000).max(2100);

/** What is shared: a scheme indicator (its id) or a supervision item (its id). */
export const SHARED_KINDS = ['indicator', 'supervision'] as const;
export const DISPUTE_STATUSES = ['open', 'upheld', 'dismissed'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export const SharedTaskDispute = z.object({
  id: z.uuid(),
  unit: UnitRef,
  reason: z.string(),
  proposal: z.string().nullable(),
  status: z.enum(DISPUTE_STATUSES),
  ruling: z.string().nullable(),
  ruledAt: z.string().nullable(),
  createdAt: z.string(),
});
export type SharedTaskDispute = z.infer<typeof SharedTaskDispute>;

export const SharedTask = z.object({
  id: z.uuid(),
  year: z.number().int(),
  kind: z.enum(SHARED_KINDS),
  refId: z.string(),
  /** The indicator's or supervision item's name. */
  refName: z.string().nullable(),
  title: z.string(),
  lead: UnitRef,
  shares: z.array(z.object({ unit: UnitRef, share: z.number(), lead: z.boolean() })),
  version: z.number().int(),
  disputes: z.array(SharedTaskDispute),
});
export type SharedTask = z.infer<typeof SharedTask>;

export const SharedTaskListQuery = z.object({ year: Year });
export const SharedTaskList = z.object({
  items: z.array(SharedTask),
  openDisputes: z.number().int(),
});
export type SharedTaskList = z.infer<typeof SharedTaskList>;

const Shares = z
  .array(z.object({ unitId: z.uuid(), share: z.number().finite() }))
  .min(1)
  .max(50);
export type SharesInput = z.infer<typeof Shares>;

export const CreateSharedTask = z.object({
  year: z.number().int().min(2000).max(2100),
  kind: z.enum(SHARED_KINDS),
  refId: text(64),
  title: text(200),
  leadUnitId: z.uuid(),
  shares: Shares,
});
export type CreateSharedTask = z.infer<typeof CreateSharedTask>;

export const UpdateSharedTask = z.object({
  version: z.number().int().min(1),
  title: text(200).optional(),
  leadUnitId: z.uuid().optional(),
  shares: Shares.optional(),
});
export type UpdateSharedTask = z.infer<typeof UpdateSharedTask>;

export const FileDispute = z.object({
  reason: text(2000),
  /** What the unit proposes instead (e.g. "牵头单位应为县住建局" or other shares). */
  proposal: optionalText(2000),
});
export type FileDispute = z.infer<typeof FileDispute>;

export const RuleDispute = z.object({
  decision: z.enum(['upheld', 'dismissed']),
  ruling: text(2000),
  /** When upheld: the task's new lead and/or shares, applied with the ruling. */
  leadUnitId: z.uuid().optional(),
  shares: Shares.optional(),
});
export type RuleDispute = z.infer<typeof RuleDispute>;

/** A score or deduction of the whole task, split by share into one record per unit (engine splitByShare). */
export const Apportion = z.object({
  kind: z.enum(['deduction', 'bonus']).default('deduction'),
  ruleId: text(64),
  title: text(200),
  amount: z.number().finite().positive().max(1000),
  issuedOn: z.iso.date().optional(),
  documentNo: optionalText(64),
});
export type Apportion = z.infer<typeof Apportion>;

export const ApportionResult = z.object({
  taskId: z.uuid(),
  amount: z.number(),
  parts: z.array(z.object({ unit: UnitRef, share: z.number(), amount: z.number(), recordId: z.uuid() })),
});
export type ApportionResult = z.infer<typeof ApportionResult>;
