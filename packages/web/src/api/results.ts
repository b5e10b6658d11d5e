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
  years: () => api.get('/results/years'),
  review: (year: number) => api.get('/results/:year', { params: { year } }),
  compute: (year: number) => api.post('/results/:year/compute', { params: { year } }),
  approve: (year: number, version: number, note: string) =>
    api.post('/results/:year/approve', { params: { year }, body: { version, note: note || null } }),
  publish: (year: number, version: number) =>
    api.post('/results/:year/publish', { params: { year }, body: { version } }),
  decideTie: (year: number, input: TieDecisionInput) =>
    api.post('/results/:year/tie-decisions', { params: { year }, body: input }),
  corrections: (year: number) => api.get('/results/:year/corrections', { params: { year } }),
  correct: (year: number, reason: string) =>
    api.post('/results/:year/corrections', { params: { year }, body: { reason } }),
  approveCorrection: (year: number, id: string, version: number, note: string) =>
    api.post('/results/:year/corrections/:id/approve', { params: { year, id }, body: { version, note: note || null } }),
  publishCorrection: (year: number, id: string, version: number) =>
    api.post('/results/:year/corrections/:id/publish', { params: { year, id }, body: { version } }),
  refreshCorrection: (year: number, id: string, version: number) =>
    api.post('/results/:year/corrections/:id/refresh', { params: { year, id }, body: { version } }),
  discardCorrection: (year: number, id: string, version: number) =>
    api.post('/results/:year/corrections/:id/discard', { params: { year, id }, body: { version } }),
  verify: (year: number, id: string) => api.get('/results/:year/snapshots/:id/verify', { params: { year, id } }),
  ranking: (year: number, source: Source) => api.get('/results/:year/ranking', { params: { year }, query: { source } }),
  diagnostics: (year: number, source: Source) =>
    api.get('/results/:year/diagnostics', { params: { year }, query: { source } }),
  sensitivity: (year: number, source: Source) =>
    api.get('/results/:year/sensitivity', { params: { year }, query: { source, runs: SENSITIVITY_RUNS } }),
  whatIf: (year: number, source: Source) => api.get('/results/:year/whatif', { params: { year }, query: { source } }),
  bulletin: (year: number, source: Source) =>
    api.download('/results/:year/bulletin.docx', { params: { year }, query: { source } }),
  workbook: (year: number, source: Source) =>
    api.download('/results/:year/results.xlsx', { params: { year }, query: { source } }),
};
