// Types and calls of year-end results: compute, review, approve, publish, corrections, documents
// (server module results; docs/results.md).
import { api } from './client';

export type ReviewStatus = 'none' | 'computed' | 'approved' | 'published';
export type Source = 'preview' | 'published';

export interface Blocker {
  kind: string;
  unitCode?: string;
  unitName?: string;
  indicatorId?: string;
  indicatorName?: string;
  nodeId?: string;
  status?: string;
  groupId?: string;
  detail?: string;
  /** recordUnmatched: the stored record naming what the year's scheme lacks. */
  record?: {
    id: string;
    kind: string;
    ruleId: string | null;
    level: string | null;
    issuedOn: string | null;
    documentNo: string | null;
    title: string;
    problem: { 'zh-CN': string; en: string };
  };
}

export interface SnapshotInfo {
  id: string;
  seq: number;
  digest: string;
  engineVersion: string;
  reason: string | null;
  supersedesId: string | null;
  publishedAt: string;
  publishedBy: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
}

export interface ReviewView {
  year: number;
  status: ReviewStatus;
  published: boolean;
  review: {
    id: string;
    status: string;
    inputsDigest: string;
    schemeVersionNo: number | null;
    computedAt: string;
    computedBy: string | null;
    approvedAt: string | null;
    approvedBy: string | null;
    approvalNote: string | null;
    version: number;
    publishable: boolean;
    inputsChanged: boolean;
    blockerCount: number;
    blockerCounts: Record<string, number>;
  } | null;
  blockers: Blocker[];
  /** All the blockers counted by unit and by indicator, the longest lists first, with whom to chase. */
  blockerSummary: {
    units: number;
    indicators: number;
    byUnit: { unitCode: string; unitName: string; count: number }[];
    byIndicator: {
      indicatorId: string;
      indicatorName: string;
      ownerCode: string | null;
      ownerName: string | null;
      count: number;
    }[];
  };
  snapshots: SnapshotInfo[];
  /** The leadership group's decisions of boundary ties (applied to the preview, or stale: the tie changed). */
  tieDecisions: TieDecision[];
}

export interface TieDecision {
  id: string;
  groupId: string;
  groupName: string;
  tier: string;
  tierName: string;
  score: number;
  order: { unitCode: string; unitName: string }[];
  meetingDate: string;
  minutesRef: string;
  note: string | null;
  decidedAt: string;
  status: 'applied' | 'stale';
  version: number;
}

export interface TieDecisionInput {
  groupId: string;
  tier: string;
  order: string[];
  meetingDate: string;
  minutesRef: string;
  note?: string | null;
}

export interface UnitStanding {
  composite: number;
  rank: number;
  tier: string;
  tierName: string;
}

/** A correction of published results: draft → approved (a leader) → published (the office), or discarded. */
export interface Correction {
  id: string;
  year: number;
  status: 'draft' | 'approved' | 'published' | 'discarded';
  reason: string;
  appealIds: string[];
  baseSnapshotId: string;
  baseSeq: number | null;
  preparedAt: string;
  preparedBy: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
  approvalNote: string | null;
  snapshotId: string | null;
  closedAt: string | null;
  changes: {
    unitCode: string;
    unitName: string;
    groupId: string;
    groupName: string;
    before: UnitStanding | null;
    after: UnitStanding | null;
  }[];
  blockers: Blocker[];
  inputsChanged: boolean;
  version: number;
}

export interface YearSummary {
  year: number;
  schemePublished: boolean;
  status: ReviewStatus;
  publishedSeq: number | null;
  publishedAt: string | null;
}

export interface RankingRow {
  unitCode: string;
  unitName: string;
  rank: number;
  indicatorTotal: number;
  evaluation: number | null;
  bonus: number;
  deductions: number;
  rankChange: number;
  composite: number;
  tier: string;
  tierName: string;
  tierIndex: number;
  naturalTier: string;
  naturalTierName: string;
  overridden: boolean;
  vetoes: string[];
  vetoNames: string[];
  downgraded: boolean;
  flags: string[];
  tie: boolean;
  award: boolean;
  consequences: string[];
  coefficient: number | null;
  status: string;
}

export interface RankingGroup {
  groupId: string;
  name: string;
  unitCount: number;
  quotas: { tier: string; tierName: string; quota: number | null; filled: number }[];
  ties: {
    tier: string;
    tierName: string;
    places: number;
    unitCodes: string[];
    policy: string;
    resolution: string;
    needsDecision: boolean;
    score: number | null;
    decision: { id: string; order: string[]; date: string | null; ref: string | null } | null;
  }[];
  rows: RankingRow[];
}

export interface RankingView {
  year: number;
  source: Source;
  snapshot: { id: string; seq: number; digest: string; publishedAt: string } | null;
  publishable: boolean;
  tiers: { id: string; name: string }[];
  groups: RankingGroup[];
}

export interface Headline {
  groupId: string | null;
  fullMarkIndicators: number;
  indicators: number;
  indicatorShare: number;
  pointsShare: number;
  assessors: { assessorId: string | null; name: string; count: number; indicatorIds: string[] }[];
  text: { zh: string; en: string };
}

export interface IndicatorDiagnostics {
  groupId: string;
  indicatorId: string;
  name?: string;
  assessorId?: string;
  points: number;
  mean: number;
  fullMarkRate: number;
  allFullMarks: boolean;
  distinctCount: number;
  cv: number | null;
  discriminationIndex: number | null;
  rankImpact: number;
  nonDiscriminating: boolean;
  /** none | medium | high | severe (docs/scoring.md §11). */
  severity: string;
  reasons: { code: string; value: number; threshold: number }[];
  /** Observations that do not flag (poor discrimination, no rank impact, too few units). */
  notes?: { code: string; value: number; threshold: number }[];
}

export interface Diagnostics {
  headline: Headline;
  /** Flag counts over every group (severity first). */
  counts?: { severe: number; high: number; medium: number; indicators: number };
  groups: {
    groupId: string;
    units: number;
    flagged: number;
    headline: Headline;
    indicators: IndicatorDiagnostics[];
    redundancy: {
      groupId: string;
      blockId: string | null;
      indicatorA: string;
      indicatorB: string;
      correlation: number;
    }[];
  }[];
}

export interface Sensitivity {
  runs: number;
  spread: number;
  seed: number;
  fragileBoundaries: number;
  units: {
    groupId: string;
    unitId: string;
    baseRank: number;
    baseTier: number;
    medianRank: number;
    p5Rank: number;
    p95Rank: number;
    tierChangeShare: number;
  }[];
  boundaries: {
    groupId: string;
    upperTier: number;
    label: string;
    crossingShare: number;
    fragile: boolean;
    baselineGap: number | null;
    units: { unitId: string; baseTier: number; share: number }[];
  }[];
}

export interface WhatIf {
  available: boolean;
  reason: string | null;
  lastYear: number;
  comparison: {
    units: {
      unitId: string;
      groupId: string;
      scoreA: number;
      scoreB: number;
      rankA: number;
      rankB: number;
      tierNameA?: string;
      tierNameB?: string;
      tierMove: 'up' | 'down' | 'same';
      placesGained: number;
    }[];
    summary: { compared: number; rankChanged: number; tierChanged: number; tierUp: number; tierDown: number };
    text: { zh: string; en: string };
  } | null;
  /** The engine's words when it refused (reason 'engineRefused'). */
  detail?: string | null;
  /** What last year's rules could not be matched with, by code (engine replayOn). */
  unmatched?: {
    indicators: WhatIfItem[];
    unusedIndicators: WhatIfItem[];
    units: WhatIfItem[];
    rules: WhatIfItem[];
    raterGroups: WhatIfItem[];
  } | null;
}
export interface WhatIfItem {
  groupId: string | null;
  id: string;
  name?: string;
}

export const resultsApi = {
  years: () => api.get<{ items: YearSummary[] }>('/results/years'),
  review: (year: number) => api.get<ReviewView>(`/results/${year}`),
  compute: (year: number) => api.post<{ publishable: boolean; blockers: Blocker[] }>(`/results/${year}/compute`),
  approve: (year: number, version: number, note: string) =>
    api.post<ReviewView>(`/results/${year}/approve`, { version, note: note || null }),
  publish: (year: number, version: number) => api.post<SnapshotInfo>(`/results/${year}/publish`, { version }),
  decideTie: (year: number, input: TieDecisionInput) => api.post<ReviewView>(`/results/${year}/tie-decisions`, input),
  corrections: (year: number) => api.get<{ items: Correction[] }>(`/results/${year}/corrections`),
  correct: (year: number, reason: string) => api.post<Correction>(`/results/${year}/corrections`, { reason }),
  approveCorrection: (year: number, id: string, version: number, note: string) =>
    api.post<Correction>(`/results/${year}/corrections/${id}/approve`, { version, note: note || null }),
  publishCorrection: (year: number, id: string, version: number) =>
    api.post<SnapshotInfo>(`/results/${year}/corrections/${id}/publish`, { version }),
  refreshCorrection: (year: number, id: string, version: number) =>
    api.post<Correction>(`/results/${year}/corrections/${id}/refresh`, { version }),
  discardCorrection: (year: number, id: string, version: number) =>
    api.post<Correction>(`/results/${year}/corrections/${id}/discard`, { version }),
  verify: (year: number, id: string) =>
    api.get<{ ok: boolean; reproducible: boolean | null }>(`/results/${year}/snapshots/${id}/verify`),
  ranking: (year: number, source: Source) => api.get<RankingView>(`/results/${year}/ranking`, { source }),
  diagnostics: (year: number, source: Source) => api.get<Diagnostics>(`/results/${year}/diagnostics`, { source }),
  sensitivity: (year: number, source: Source) =>
    api.get<Sensitivity>(`/results/${year}/sensitivity`, { source, runs: 300 }),
  whatIf: (year: number, source: Source) => api.get<WhatIf>(`/results/${year}/whatif`, { source }),
  bulletin: (year: number, source: Source) => api.download(`/results/${year}/bulletin.docx`, { source }),
  workbook: (year: number, source: Source) => api.download(`/results/${year}/results.xlsx`, { source }),
};
