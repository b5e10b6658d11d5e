import type { Evaluation, RaterGroup } from '@yardstick/engine';
import { z } from 'zod';
import type { BallotRules } from '@yardstick/engine/ballot-rules';

/**
 * A campaign's configuration. What the engine computes with — rater group ids, names, weights, forms and their
 * parameters, rated unit groups, trimming and the uniform-ballot rule — is always copied from the year's scheme
 * (`engine.evaluation`) when the campaign is saved and when it opens, so the tally and the engine agree. What the
 * office chooses per campaign: which units each rater group rates, whether its codes belong to peer units (a peer
 * never rates itself), whether "don't know" is allowed, and proportion limits on a ballot.
 */

const code = z.string().trim().min(1).max(64);

export const ProportionLimit = z
  .object({
    /** Marks worth at least this many points (scale: the mark; options: the answer's points). */
    minPoints: z.number().finite(),
    maxCount: z.number().int().min(0).optional(),
    maxShare: z.number().min(0).max(1).optional(),
  })
  .strict()
  .refine((l) => l.maxCount !== undefined || l.maxShare !== undefined, {
    message: 'i18n:evaluation_limit_needs_bound',
  });
export type ProportionLimit = z.output<typeof ProportionLimit>;

/** What the office may set per rater group. */
export const RaterGroupSettings = z
  .object({
    id: code,
    /** Unit codes rated; when absent, every active unit of `unitGroups`. */
    units: z.array(code).max(5000).optional(),
    /** Group codes rated; when absent, the scheme's (or all groups). Must stay within the scheme's. */
    unitGroups: z.array(code).max(100).optional(),
    /** Codes belong to units that rate their peers: each code carries its unit, which it never rates. */
    peers: z.boolean().default(false),
    /** Which peers a unit rates: same kind (township / department), same group, or every unit on the form. */
    peerScope: z.enum(['kind', 'group', 'all']).default('kind'),
    dontKnow: z.boolean().default(true),
    limits: z.array(ProportionLimit).max(10).default([]),
  })
  .strict();
export type RaterGroupSettings = z.output<typeof RaterGroupSettings>;

/** A paper survey's counts per answer for one unit (engine `Tally`), entered instead of ballots. */
export const SurveyTally = z
  .object({
    raterGroup: code,
    unitCode: code,
    counts: z.record(z.string().min(1).max(32), z.number().int().min(0)),
  })
  .strict();
export type SurveyTally = z.output<typeof SurveyTally>;

export const CampaignSettings = z
  .object({
    raterGroups: z.array(RaterGroupSettings).min(1).max(20),
    surveyTallies: z.array(SurveyTally).max(20000).default([]),
  })
  .strict();
export type CampaignSettings = z.input<typeof CampaignSettings>;

/** A rater group as stored: the office's settings plus what is copied from the scheme. */
export interface RaterGroupConfig extends RaterGroupSettings {
  name: string;
  weight: number;
  form: RaterGroup['form'];
  min: number;
  max: number;
  options: { label: string; points: number | null }[];
  rankBase: number;
  rankStep: number;
  rankStepUnit: 'percent' | 'points';
  rankFloor: number;
  /** The scheme's unit groups for this rater group (null = all). */
  schemeUnitGroups: string[] | null;
}

export interface CampaignConfig {
  raterGroups: RaterGroupConfig[];
  trimAbove: number | null;
  invalidateUniform: boolean;
  surveyTallies: SurveyTally[];
}

/** Stored config: the campaign's config plus the salt of its codes' keyed hashes (never presented). */
export interface StoredConfig extends CampaignConfig {
  codeSalt: string;
}

/** Default settings for a scheme's rater groups: peer groups guessed from the id/name, don't-know allowed. */
export function defaultSettings(ev: Evaluation): z.output<typeof CampaignSettings> {
  return {
    raterGroups: ev.raterGroups.map((rg) => ({
      id: rg.id,
      peers: /peer|互评|横向/i.test(`${rg.id} ${rg.name ?? ''}`),
      peerScope: 'kind' as const,
      dontKnow: true,
      limits: [],
    })),
    surveyTallies: [],
  };
}

/** Settings problems, as `{ path, message }` (message keys are i18n:… for the error handler). */
export function mergeWithScheme(
  ev: Evaluation,
  settings: z.output<typeof CampaignSettings>,
  county: { groups: string[]; units: string[] },
): { config: CampaignConfig; problems: { path: string; message: string }[] } {
  const problems: { path: string; message: string }[] = [];
  const byId = new Map(settings.raterGroups.map((s) => [s.id, s] as const));
  settings.raterGroups.forEach((s, i) => {
    if (!ev.raterGroups.some((rg) => rg.id === s.id)) {
      problems.push({ path: `raterGroups.${i}.id`, message: 'i18n:evaluation_unknown_rater_group' });
    }
  });
  const groupSet = new Set(county.groups);
  const unitSet = new Set(county.units);
  const raterGroups = ev.raterGroups.map((rg, i): RaterGroupConfig => {
    const s = byId.get(rg.id) ?? { id: rg.id, peers: false, peerScope: 'kind' as const, dontKnow: true, limits: [] };
    const within = rg.unitGroups ?? null;
    (s.unitGroups ?? []).forEach((g, k) => {
      if (!groupSet.has(g) || (within && !within.includes(g))) {
        problems.push({ path: `raterGroups.${i}.unitGroups.${k}`, message: 'i18n:evaluation_group_not_rated' });
      }
    });
    (s.units ?? []).forEach((u, k) => {
      if (!unitSet.has(u)) problems.push({ path: `raterGroups.${i}.units.${k}`, message: 'i18n:unit_not_found' });
    });
    if (rg.form === 'ranking' && s.limits.length > 0) {
      problems.push({ path: `raterGroups.${i}.limits`, message: 'i18n:evaluation_limits_ranking' });
    }
    return {
      ...s,
      name: rg.name ?? rg.id,
      weight: rg.weight,
      form: rg.form,
      min: rg.min,
      max: rg.max,
      // Best answer first, "don't know" last (jsonb keeps no key order, so the scheme's order is not reliable).
      options: Object.entries(rg.options ?? {})
        .map(([label, points]) => ({ label, points }))
        .sort((a, b) => (b.points ?? Number.NEGATIVE_INFINITY) - (a.points ?? Number.NEGATIVE_INFINITY)),
      rankBase: rg.rankBase,
      rankStep: rg.rankStep,
      rankStepUnit: rg.rankStepUnit,
      rankFloor: rg.rankFloor,
      schemeUnitGroups: within,
    };
  });
  settings.surveyTallies.forEach((t, i) => {
    const rg = ev.raterGroups.find((r) => r.id === t.raterGroup);
    if (!rg || rg.form !== 'options') {
      problems.push({ path: `surveyTallies.${i}.raterGroup`, message: 'i18n:evaluation_unknown_rater_group' });
    } else if (Object.keys(t.counts).some((k) => !(k in (rg.options ?? {})))) {
      problems.push({ path: `surveyTallies.${i}.counts`, message: 'i18n:evaluation_unknown_option' });
    }
    if (!unitSet.has(t.unitCode))
      problems.push({ path: `surveyTallies.${i}.unitCode`, message: 'i18n:unit_not_found' });
  });
  return {
    config: {
      raterGroups,
      trimAbove: ev.trimAbove ?? null,
      invalidateUniform: ev.invalidateUniform,
      surveyTallies: settings.surveyTallies,
    },
    problems,
  };
}

export function rulesOf(config: CampaignConfig, rg: RaterGroupConfig): BallotRules {
  return {
    form: rg.form,
    min: rg.min,
    max: rg.max,
    options: rg.options,
    dontKnow: rg.dontKnow,
    limits: rg.limits,
    rejectUniform: config.invalidateUniform,
  };
}

export interface CountyUnit {
  id: string;
  code: string;
  name: string;
  kind: string;
  groupCode: string;
  active: boolean;
  sortOrder: number;
}

/** The units on a rater group's form (for a peer code: without the rater's unit, within its peer scope). */
export function unitsOnForm(
  rg: RaterGroupConfig,
  units: readonly CountyUnit[],
  raterUnit?: CountyUnit | null,
): CountyUnit[] {
  const groups = rg.unitGroups ?? rg.schemeUnitGroups;
  let list = units.filter((u) => u.active);
  if (rg.units) {
    const set = new Set(rg.units);
    list = list.filter((u) => set.has(u.code));
  } else if (groups) {
    list = list.filter((u) => groups.includes(u.groupCode));
  }
  // The engine counts marks only for the scheme's rated groups: keep the form within them.
  if (rg.schemeUnitGroups) list = list.filter((u) => rg.schemeUnitGroups?.includes(u.groupCode));
  if (rg.peers && raterUnit) {
    list = list.filter(
      (u) =>
        u.id !== raterUnit.id &&
        (rg.peerScope === 'all' ||
          (rg.peerScope === 'kind' ? u.kind === raterUnit.kind : u.groupCode === raterUnit.groupCode)),
    );
  }
  return list;
}
