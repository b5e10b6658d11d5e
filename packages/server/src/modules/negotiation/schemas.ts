import { z } from 'zod';
import { optionalText, text } from '../../lib/schemas';
import { UnitRef } from '../supervision/schemas';

const Year = z.coerce.number().int().min(2000).max(2100);
/** A calendar day the database can hold (zod accepts year 0000, PostgreSQL's date does not). */
const IsoDate = z.iso.date().refine((d) => d >= '1900-01-01' && d <= '2199-12-31', { message: 'i18n:date_range' });

/** Why a unit proposes another target (R32): the reasons the speech names, and the usual others. */
export const REASON_KINDS = ['reform', 'tooHigh', 'baseChanged', 'policyChanged', 'other'] as const;
export type ReasonKind = (typeof REASON_KINDS)[number];
export const REASON_NAMES: Record<ReasonKind, { 'zh-CN': string; en: string }> = {
  reform: { 'zh-CN': '机构改革职能划转', en: 'Functions transferred in the institutional reform' },
  tooHigh: { 'zh-CN': '目标定得过高', en: 'Target set too high' },
  baseChanged: { 'zh-CN': '基数或统计口径变化', en: 'Base or statistical definition changed' },
  policyChanged: { 'zh-CN': '上级政策调整', en: 'Higher-level policy changed' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

/** open; accepted (the city took the county's proposal); adjusted (a compromise); kept (the city kept its target). */
export const NEGOTIATION_STATUSES = ['open', 'accepted', 'adjusted', 'kept'] as const;
export type NegotiationStatus = (typeof NEGOTIATION_STATUSES)[number];
export const STATUS_NAMES: Record<NegotiationStatus, { 'zh-CN': string; en: string }> = {
  open: { 'zh-CN': '协商中', en: 'Open' },
  accepted: { 'zh-CN': '市里采纳我县建议', en: 'City accepted the proposal' },
  adjusted: { 'zh-CN': '协商后调整', en: 'Adjusted by agreement' },
  kept: { 'zh-CN': '市里维持原目标', en: 'City kept its target' },
};

export const NegotiationContact = z.object({
  id: z.uuid(),
  contactOn: z.string(),
  countyPerson: z.string(),
  cityPerson: z.string(),
  channel: z.string().nullable(),
  summary: z.string(),
});
export type NegotiationContact = z.infer<typeof NegotiationContact>;

export const Negotiation = z.object({
  id: z.uuid(),
  year: z.number().int(),
  cityIndicator: z.object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    cityDepartment: z.string().nullable(),
  }),
  unit: UnitRef,
  deadline: z.string(),
  cityTarget: z.string(),
  proposedTarget: z.string(),
  reasons: z.array(z.enum(REASON_KINDS)),
  reasonNote: z.string(),
  status: z.enum(NEGOTIATION_STATUSES),
  finalTarget: z.string().nullable(),
  outcomeNote: z.string().nullable(),
  closedOn: z.string().nullable(),
  /** Open and past the city's deadline. */
  overdue: z.boolean(),
  /** Days to the deadline (negative once past). */
  daysLeft: z.number().int(),
  version: z.number().int(),
  contacts: z.array(NegotiationContact),
});
export type Negotiation = z.infer<typeof Negotiation>;

export const NEGOTIATION_FILTERS = ['all', 'open', 'overdue', 'closed'] as const;
export const NegotiationListQuery = z.object({ year: Year, filter: z.enum(NEGOTIATION_FILTERS).default('all') });
export const NegotiationList = z.object({
  items: z.array(Negotiation),
  counts: z.object({ open: z.number().int(), overdue: z.number().int(), closed: z.number().int() }),
  today: z.string(),
});
export type NegotiationList = z.infer<typeof NegotiationList>;

const Reasons = z.array(z.enum(REASON_KINDS)).min(1).max(REASON_KINDS.length);

export const CreateNegotiation = z.object({
  cityIndicatorId: z.uuid(),
  /** The city's deadline for negotiating this target. */
  deadline: IsoDate,
  cityTarget: text(500),
  proposedTarget: text(500),
  reasons: Reasons,
  reasonNote: text(4000),
});
export type CreateNegotiation = z.infer<typeof CreateNegotiation>;

export const UpdateNegotiation = z.object({
  version: z.number().int().min(1),
  cityTarget: text(500).optional(),
  proposedTarget: text(500).optional(),
  reasons: Reasons.optional(),
  reasonNote: text(4000).optional(),
});
export type UpdateNegotiation = z.infer<typeof UpdateNegotiation>;

export const AddContact = z.object({
  contactOn: IsoDate,
  countyPerson: text(100),
  cityPerson: text(100),
  channel: optionalText(50),
  summary: text(4000),
});
export type AddContact = z.infer<typeof AddContact>;

export const RecordOutcome = z.object({
  version: z.number().int().min(1),
  status: z.enum(['accepted', 'adjusted', 'kept']),
  finalTarget: text(500),
  outcomeNote: text(4000),
  closedOn: IsoDate.optional(),
});
export type RecordOutcome = z.infer<typeof RecordOutcome>;
