// The shape of a year's results use (coefficients, awards, accountability), apart from the service that builds it,
// so that readers of it (cadres/files.ts) do not import the service that imports them.
import type { ACCOUNTABILITY_SCOPES } from '../../enums';

export type CoefficientSource = 'setting' | 'scheme' | 'default';
export type AccountabilityScope = (typeof ACCOUNTABILITY_SCOPES)[number];

export interface UnitRef {
  unitId: string;
  unitCode: string;
  unitName: string;
  groupId: string;
  groupName: string;
  rank: number;
  composite: number;
  tier: string;
  tierName: string;
  /** 0 = best tier. */
  tierIndex: number;
}

export interface ResultsUse {
  year: number;
  snapshotSeq: number;
  coefficients: (UnitRef & { coefficient: number; source: CoefficientSource })[];
  awards: {
    eligible: UnitRef[];
    excluded: (UnitRef & { reason: 'vetoed' | 'downgraded'; detail: string })[];
  };
  accountability: {
    lowestTier: UnitRef[];
    repeatedBottom: (UnitRef & { ruleId: string; action: string; years: { year: number; tier: string }[] })[];
    nonDiscriminating: {
      groupId: string;
      groupName: string;
      indicatorId: string;
      indicatorName: string;
      assessorId: string | null;
      assessorName: string | null;
      fullMarkRate: number;
      severity: string;
      reasons: string[];
    }[];
    /** Which indicators the list holds: 'fullMarks' (every unit full marks, the default, R25) or every 'flagged' one. */
    scope: AccountabilityScope;
    /** How many flagged indicators the other scope would list (the rest a click away). */
    flaggedCount: number;
    fullMarksCount: number;
    headline: string;
    headlineEn: string;
  };
}
