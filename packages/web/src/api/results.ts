// Types and calls of year-end results: compute, review, approve, publish, corrections, documents
// (server module results; docs/results.md).
import type { DiagnosticsResult, SensitivityResult } from '@yardstick/engine';
import type * as C from '@yardstick/server/contract';
import { api } from './client';

export type ReviewView = C.ReviewView;
export type ReviewStatus = ReviewView['status'];
export type Source = C.SourceQuery['source'];
export type Blocker = C.Blocker;
export type SnapshotInfo = C.SnapshotInfo;
export type TieDecision = C.TieDecisionView;
export type TieDecisionInput = C.TieDecisionBodyInput;
/** A correction of published results: draft → approved (a leader) → published (the office), or discarded. */
export type Correction = C.Correction;
export type UnitStanding = NonNullable<Correction['changes'][number]['before']>;
export type YearSummary = C.YearSummary;
export type RankingView = C.RankingView;
export type RankingGroup = RankingView['groups'][number];
export type RankingRow = RankingGroup['rows'][number];

// The analyses are the engine's own output (docs/results.md), typed by the engine and the server's views.
export type Diagnostics = DiagnosticsResult;
export type Headline = DiagnosticsResult['headline'];
export type IndicatorDiagnostics = DiagnosticsResult['groups'][number]['indicators'][number];
export type Sensitivity = SensitivityResult;
export type WhatIf = C.WhatIfView;
export type WhatIfItem = NonNullable<WhatIf['unmatched']>['indicators'][number];

/** Random perturbations the sensitivity tab asks for (its progress line names them). */
export const SENSITIVITY_RUNS = 300;

export const resultsApi = {
  years: () => api.get<C.YearList>('/results/years'),
  review: (year: number) => api.get<ReviewView>(`/results/${year}`),
  compute: (year: number) => api.post<C.ComputeOutcome>(`/results/${year}/compute`),
  approve: (year: number, version: number, note: string) =>
    api.post<ReviewView>(`/results/${year}/approve`, { version, note: note || null }),
  publish: (year: number, version: number) => api.post<SnapshotInfo>(`/results/${year}/publish`, { version }),
  decideTie: (year: number, input: TieDecisionInput) => api.post<ReviewView>(`/results/${year}/tie-decisions`, input),
  corrections: (year: number) => api.get<C.CorrectionList>(`/results/${year}/corrections`),
  correct: (year: number, reason: string) => api.post<Correction>(`/results/${year}/corrections`, { reason }),
  approveCorrection: (year: number, id: string, version: number, note: string) =>
    api.post<Correction>(`/results/${year}/corrections/${id}/approve`, { version, note: note || null }),
  publishCorrection: (year: number, id: string, version: number) =>
    api.post<SnapshotInfo>(`/results/${year}/corrections/${id}/publish`, { version }),
  refreshCorrection: (year: number, id: string, version: number) =>
    api.post<Correction>(`/results/${year}/corrections/${id}/refresh`, { version }),
  discardCorrection: (year: number, id: string, version: number) =>
    api.post<Correction>(`/results/${year}/corrections/${id}/discard`, { version }),
  verify: (year: number, id: string) => api.get<C.ResultsVerification>(`/results/${year}/snapshots/${id}/verify`),
  ranking: (year: number, source: Source) => api.get<RankingView>(`/results/${year}/ranking`, { source }),
  diagnostics: (year: number, source: Source) => api.get<Diagnostics>(`/results/${year}/diagnostics`, { source }),
  sensitivity: (year: number, source: Source) =>
    api.get<Sensitivity>(`/results/${year}/sensitivity`, { source, runs: SENSITIVITY_RUNS }),
  whatIf: (year: number, source: Source) => api.get<WhatIf>(`/results/${year}/whatif`, { source }),
  bulletin: (year: number, source: Source) => api.download(`/results/${year}/bulletin.docx`, { source }),
  workbook: (year: number, source: Source) => api.download(`/results/${year}/results.xlsx`, { source }),
};
