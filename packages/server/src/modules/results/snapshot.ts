// The stored shapes of a computation (a review's preview) and of a published snapshot, apart from the service, so
// that the readers (read.ts, views.ts) need not import the service that imports them.
import type { DatasetInput, Results, Scheme, UnitExplanation } from '@yardstick/engine';

/** What a review row keeps of a computation (jsonb `preview`). */
export interface PreviewDoc {
  engineVersion: string;
  schemeVersionNo: number | null;
  dataset: DatasetInput;
  results: Results | null;
}

/** The snapshot's inputs (jsonb `inputs`) and results (jsonb `results`). */
export interface SnapshotInputs {
  schemeVersionNo: number | null;
  scheme: Scheme;
  dataset: DatasetInput;
}
export interface SnapshotResults {
  results: Results;
  explanations: UnitExplanation[];
}
