import { z } from 'zod';
import { text } from '../../lib/schemas';
import { CampaignSettings } from './config';

export const CampaignStatus = z.enum(['draft', 'open', 'closed']);

const Limit = z.object({
  minPoints: z.number(),
  maxCount: z.number().int().optional(),
  maxShare: z.number().optional(),
});

const RaterGroupConfig = z.object({
  id: z.string(),
  name: z.string(),
  weight: z.number(),
  form: z.enum(['scale', 'options', 'ranking']),
  min: z.number(),
  max: z.number(),
  options: z.array(z.object({ label: z.string(), points: z.number().nullable() })),
  rankBase: z.number(),
  rankStep: z.number(),
  rankStepUnit: z.enum(['percent', 'points']),
  rankFloor: z.number(),
  schemeUnitGroups: z.array(z.string()).nullable(),
  units: z.array(z.string()).optional(),
  unitGroups: z.array(z.string()).optional(),
  peers: z.boolean(),
  peerScope: z.enum(['kind', 'group', 'all']),
  dontKnow: z.boolean(),
  limits: z.array(Limit),
});

const SurveyTallyOut = z.object({
  raterGroup: z.string(),
  unitCode: z.string(),
  counts: z.record(z.string(), z.number()),
});

export const CampaignConfigOut = z.object({
  raterGroups: z.array(RaterGroupConfig),
  trimAbove: z.number().nullable(),
  invalidateUniform: z.boolean(),
  surveyTallies: z.array(SurveyTallyOut),
});

const Turnout = z.object({ raterGroup: z.string(), name: z.string(), issued: z.number(), used: z.number() });

export const CampaignSummary = z.object({
  id: z.uuid(),
  year: z.number().int(),
  name: z.string(),
  status: CampaignStatus,
  version: z.number().int(),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  issued: z.number().int(),
  used: z.number().int(),
});

export const CampaignList = z.object({ items: z.array(CampaignSummary), total: z.number().int() });

export const CampaignDetail = CampaignSummary.extend({
  config: CampaignConfigOut,
  formSizes: z.record(z.string(), z.number()),
  turnout: z.array(Turnout),
});

export const CampaignListQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

export const CreateCampaign = z.object({
  year: z.number().int().min(2000).max(2100),
  name: text(100),
  settings: CampaignSettings.optional(),
});

export const UpdateCampaign = z.object({
  version: z.number().int().min(1),
  name: text(100).optional(),
  settings: CampaignSettings.optional(),
});

export const VersionBody = z.object({ version: z.number().int().min(1) });

export const GenerateCodes = z.object({
  raterGroup: z.string().trim().min(1).max(64),
  /** Codes to make (for a peer group: per rater unit). */
  count: z.number().int().min(1).max(2000),
  /** Peer groups: the rater units (codes) to make codes for; default every unit on the form. */
  units: z.array(z.string().trim().min(1).max(64)).max(5000).optional(),
});

export const IssuedCode = z.object({
  code: z.string().max(16),
  raterGroup: z.string().max(64),
  raterGroupName: z.string().max(200),
  unitCode: z.string().max(64).nullable(),
  unitName: z.string().max(200).nullable(),
});

export const IssuedCodes = z.object({
  campaign: z.object({ id: z.uuid(), name: z.string(), year: z.number().int() }),
  codes: z.array(IssuedCode),
});

export const CodesSheet = z.object({ codes: z.array(IssuedCode).min(1).max(10000) });

export const TurnoutOut = z.object({ status: CampaignStatus, groups: z.array(Turnout) });

const Cell = z.object({
  raterGroup: z.string(),
  valid: z.number(),
  dontKnow: z.number(),
  trimmed: z.array(z.number()),
  used: z.number(),
  mean: z.number().nullable(),
  weight: z.number(),
});

export const TallyOut = z.object({
  ballots: z.array(
    z.object({
      raterGroup: z.string(),
      name: z.string(),
      ballots: z.number(),
      invalid: z.number(),
      survey: z.number(),
    }),
  ),
  units: z.array(
    z.object({
      unitCode: z.string(),
      unitName: z.string(),
      groupCode: z.string(),
      groups: z.array(Cell),
      evaluation: z.number().nullable(),
    }),
  ),
  anomalies: z.array(
    z.object({
      kind: z.enum(['identical_ballots', 'group_divergence', 'invalid_share']),
      raterGroup: z.string(),
      count: z.number().optional(),
      unitCode: z.string().optional(),
      mean: z.number().optional(),
      others: z.number().optional(),
      gap: z.number().optional(),
      invalid: z.number().optional(),
      ballots: z.number().optional(),
    }),
  ),
  scoredBy: z.enum(['engine', 'tally']),
  config: CampaignConfigOut,
});

// Public voting

export const CodeBody = z.object({ code: z.string().trim().min(1).max(32) });

const MarkIn = z.union([z.number().finite(), z.string().max(32), z.null()]);

export const CastBallot = z.object({
  code: z.string().trim().min(1).max(32),
  /** unit id → mark */
  marks: z.record(z.uuid(), MarkIn),
});

export const BallotForm = z.object({
  campaign: z.object({ name: z.string(), year: z.number().int() }),
  raterGroup: z.object({
    id: z.string(),
    name: z.string(),
    form: z.enum(['scale', 'options', 'ranking']),
    min: z.number(),
    max: z.number(),
    options: z.array(z.object({ label: z.string(), points: z.number().nullable() })),
    dontKnow: z.boolean(),
    limits: z.array(Limit),
    rejectUniform: z.boolean(),
  }),
  raterUnit: z.object({ code: z.string(), name: z.string() }).nullable(),
  units: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string(), groupCode: z.string() })),
});

export const Cast = z.object({ ok: z.literal(true) });
