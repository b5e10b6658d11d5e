// Types and calls of the year-end follow-up: feedback, appeals, rectification, results use, dashboards
// (server modules feedback, appeals, rectification, resultsuse, dashboards).
import { api } from './client';

export interface PublishedYearRef {
  year: number;
  seq: number;
  publishedAt: string;
}

export interface IndicatorRow {
  id: string;
  name: string;
  blockId: string;
  blockName: string;
  points: number;
  score: number;
  average: number;
  best: number;
  lost: number;
  gapToBest: number;
  status: string;
  method: string;
  raw: number | null;
  note: string | null;
}

export interface HistoryEntry {
  year: number;
  rank: number | null;
  groupSize: number | null;
  /** null for a year before the platform. */
  composite: number | null;
  tier: string;
  tierName: string;
  tierIndex: number | null;
  tierCount: number | null;
  /** 'history': a year before the platform (result_history), not published here. */
  source: 'platform' | 'history';
}

export interface AdjustmentDetail {
  type: 'record' | 'cap' | 'lights' | 'veto' | 'discipline' | 'outside' | 'note';
  count?: number;
  scope?: 'category' | 'bonus' | 'limit' | 'shared';
  limit?: number;
  from?: number;
  to?: number;
  color?: 'yellow' | 'red';
  every?: number;
  per?: number;
  effect?: 'lowestTier' | 'barTopTiers' | 'fixedDeduction';
  n?: number;
  points?: number;
  steps?: number;
  first?: boolean;
}

export interface AdjustmentLine {
  kind: string;
  ruleId: string;
  ruleName: string | null;
  recordId: string | null;
  recordTitle: string | null;
  level: string | null;
  points: number;
  counted: boolean;
  note: string;
  detail: AdjustmentDetail;
}

export interface Feedback {
  year: number;
  snapshot: { id: string; seq: number; publishedAt: string; reason: string | null };
  unit: { id: string; code: string; name: string; groupId: string; groupName: string };
  result: {
    composite: number;
    indicatorTotal: number;
    evaluation: number | null;
    bonus: number;
    deductions: number;
    rankChange: number;
    rank: number;
    groupSize: number;
    tier: string;
    tierName: string;
    naturalTier: string;
    naturalTierName: string;
    vetoes: string[];
    flags: string[];
    consequences: string[];
    award: boolean;
  };
  group: { average: number; best: number };
  blocks: { id: string; name: string; score: number; max: number; average: number; best: number }[];
  indicators: IndicatorRow[];
  lostPoints: IndicatorRow[];
  adjustments: AdjustmentLine[];
  steps: { step: string; detail: string }[];
  history: HistoryEntry[];
  redLights: {
    current: { indicatorId: string; nodeId: string; light: string; reason: string; due: string }[];
    items: {
      id: string;
      source: string;
      indicatorId: string | null;
      title: string;
      openedOn: string;
      status: string;
    }[];
    turnedRed: number;
  };
}

export const APPEAL_STATUSES = ['submitted', 'accepted', 'rejected'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export interface Appeal {
  id: string;
  year: number;
  snapshotId: string;
  unitId: string;
  unitCode: string;
  unitName: string;
  indicatorId: string | null;
  indicatorName: string | null;
  reason: string;
  request: string | null;
  status: AppealStatus;
  answer: string | null;
  answeredAt: string | null;
  correctionSnapshotId: string | null;
  /** The correction draft an accepted appeal went into (a leader approves it, the office publishes it). */
  correctionId: string | null;
  version: number;
  createdAt: string;
}

export interface AppealWindow {
  year: number;
  published: boolean;
  days: number;
  opensOn: string | null;
  lastDay: string | null;
  open: boolean;
  today: string;
}

export const RECTIFICATION_STATUSES = ['open', 'inProgress', 'submitted', 'closed'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
export type RectificationSource = 'lowestTier' | 'veto' | 'redLight' | 'lostPoints' | 'other';

export interface Rectification {
  id: string;
  year: number;
  unitId: string;
  unitCode: string;
  unitName: string;
  source: RectificationSource;
  sourceRef: string | null;
  finding: string;
  measures: string | null;
  deadline: string;
  progress: number;
  progressNote: string | null;
  status: RectificationStatus;
  overdue: boolean;
  verifyNote: string | null;
  verifiedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}
export interface RectificationDetail extends Rectification {
  history: { id: string; kind: string; progress: number | null; note: string; createdAt: string }[];
}
export interface Finding {
  key: string;
  unitId: string;
  unitCode: string;
  unitName: string;
  source: RectificationSource;
  sourceRef: string;
  finding: string;
  exists: boolean;
}

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
  tierIndex: number;
}
export interface ResultsUse {
  year: number;
  snapshotSeq: number;
  coefficients: (UnitRef & { coefficient: number; source: 'setting' | 'scheme' | 'default' })[];
  awards: { eligible: UnitRef[]; excluded: (UnitRef & { reason: 'vetoed' | 'downgraded'; detail: string })[] };
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
      /** severe | high | medium (docs/scoring.md §11). */
      severity: string;
      reasons: string[];
    }[];
    /** fullMarks: owners of indicators that gave every unit full marks (default); flagged: every flagged one. */
    scope: AccountabilityScope;
    flaggedCount: number;
    fullMarksCount: number;
    headline: string;
    headlineEn: string;
  };
}
export type AccountabilityScope = 'fullMarks' | 'flagged';
export type ResultsUseExport = 'coefficients' | 'awards' | 'accountability';

export interface YearSettings {
  year: number;
  appealWindowDays: number;
  appealWindowDaysSet: number | null;
  tierCoefficients: Record<string, number> | null;
  version: number;
}

export interface CountyDashboard {
  year: number;
  published: boolean;
  years: number[];
  results: {
    tierDistribution: { groupId: string; groupName: string; tiers: { tier: string; name: string; count: number }[] }[];
    ranking: {
      groupId: string;
      groupName: string;
      units: {
        unitCode: string;
        unitName: string;
        rank: number;
        composite: number;
        tier: string;
        tierName: string;
        trend: { year: number; rank: number | null }[];
      }[];
    }[];
    heatmap: {
      groupId: string;
      groupName: string;
      units: { code: string; name: string }[];
      indicators: {
        id: string;
        name: string;
        points: number;
        fullMarkRate: number;
        sd: number;
        nonDiscriminating: boolean;
      }[];
      fractions: (number | null)[][];
    }[];
    headline: string;
    headlineEn: string;
  } | null;
  redLights: {
    months: string[];
    units: { unitId: string; unitCode: string; unitName: string; groupName: string; months: number[] }[];
  };
  city: {
    code: string;
    name: string;
    points: number | null;
    resultScore: number | null;
    resultMax: number | null;
    resultRank: number | null;
    leadUnitName: string | null;
    nodes: { total: number; red: number; yellow: number; green: number };
  }[];
  yearOverYear: {
    year: number;
    units: number;
    averageComposite: number;
    vetoed: number;
    downgraded: number;
    fullMarkIndicators: number;
    indicators: number;
    fullMarkShare: number;
    redLights: number;
    redUnits: number;
  }[];
}

export interface UnitDashboard {
  year: number;
  unit: { id: string; code: string; name: string; groupName: string };
  history: HistoryEntry[];
  lights: {
    months: string[];
    red: number[];
    yellow: number[];
    now: { red: number; yellow: number; green: number };
  };
  result: { rank: number; groupSize: number; tierName: string; composite: number } | null;
  lostPoints: { id: string; name: string; points: number; score: number; lost: number; average: number }[];
}

const enc = encodeURIComponent;

export const feedbackApi = {
  years: () => api.get<{ years: PublishedYearRef[] }>('/feedback/years'),
  get: (year: number, unitId?: string) => api.get<Feedback>('/feedback', { year, unitId }),
};

export const appealsApi = {
  list: (q: { year?: number; status?: AppealStatus; unitId?: string }) =>
    api.get<{ items: Appeal[]; total: number }>('/appeals', { ...q }),
  window: (year: number) => api.get<AppealWindow>('/appeals/window', { year }),
  file: (body: { year: number; indicatorId?: string | null; reason: string; request?: string | null }) =>
    api.post<Appeal>('/appeals', body),
  answer: (id: string, body: { version: number; decision: 'accept' | 'reject'; answer: string }) =>
    api.post<Appeal>(`/appeals/${enc(id)}/answer`, body),
};

export const rectificationApi = {
  list: (q: { year?: number; status?: RectificationStatus; unitId?: string; overdue?: boolean }) =>
    api.get<{ items: Rectification[]; total: number; counts: Record<string, number> }>('/rectifications', { ...q }),
  get: (id: string) => api.get<RectificationDetail>(`/rectifications/${enc(id)}`),
  findings: (year: number) =>
    api.get<{ year: number; defaultDeadline: string; items: Finding[] }>('/rectifications/findings', { year }),
  generate: (body: { year: number; deadline: string; keys: string[] }) =>
    api.post<{ created: number; skipped: number }>('/rectifications/generate', body),
  update: (id: string, body: { version: number; finding?: string; measures?: string | null; deadline?: string }) =>
    api.patch<RectificationDetail>(`/rectifications/${enc(id)}`, body),
  progress: (
    id: string,
    body: { version: number; progress: number; note: string; measures?: string; submit?: boolean },
  ) => api.post<RectificationDetail>(`/rectifications/${enc(id)}/progress`, body),
  verify: (id: string, body: { version: number; decision: 'close' | 'return'; note: string }) =>
    api.post<RectificationDetail>(`/rectifications/${enc(id)}/verify`, body),
};

export const resultsUseApi = {
  get: (year: number, accountability: AccountabilityScope = 'fullMarks') =>
    api.get<ResultsUse>('/results-use', { year, accountability }),
  export: (year: number, kind: ResultsUseExport, accountability: AccountabilityScope = 'fullMarks') =>
    api.download('/results-use/export', { year, kind, accountability }),
  settings: (year: number) => api.get<YearSettings>('/yearend/settings', { year }),
  saveSettings: (body: {
    year: number;
    version: number;
    appealWindowDays?: number | null;
    tierCoefficients?: Record<string, number> | null;
  }) => api.put<YearSettings>('/yearend/settings', body),
};

export const dashboardsApi = {
  county: (year: number) => api.get<CountyDashboard>('/dashboards/county', { year }),
  unit: (year: number, unitId?: string) => api.get<UnitDashboard>('/dashboards/unit', { year, unitId }),
};
