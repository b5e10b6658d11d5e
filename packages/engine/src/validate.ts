import type { Dataset, DatasetInput, Issue, Scheme, SchemeInput } from './model';

export type SchemeValidation = { ok: true; scheme: Scheme; warnings: Issue[] } | { ok: false; issues: Issue[] };
export type DatasetValidation = { ok: true; dataset: Dataset; warnings: Issue[] } | { ok: false; issues: Issue[] };

export function validateScheme(_input: unknown): SchemeValidation {
  throw new Error('not implemented yet');
}
export function validateDataset(_input: unknown, _scheme?: Scheme): DatasetValidation {
  throw new Error('not implemented yet');
}
export type { SchemeInput, DatasetInput };
