import { z } from 'zod';
import { BoolQuery, ErrorBody } from '../../lib/schemas';

export const ExcelQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  /** Units import: create the groups the file names that the county lacks (after the office confirms). */
  createGroups: BoolQuery.optional(),
  /** Records import: skip rows that repeat a stored record or an earlier row (counted in `skipped`) instead of refusing. */
  skipDuplicates: BoolQuery.optional(),
  /** Check the file and count what it would do, then write nothing (the web's preview before the import). */
  dryRun: BoolQuery.optional(),
});

export const ImportResult = z.object({
  kind: z.string(),
  year: z.number().int().nullable(),
  /** Data rows read. */
  imported: z.number().int(),
  /** true: a preview (dryRun) — the counts say what the import would do; nothing was written. */
  dryRun: z.boolean().optional(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Indicators import only: indicators of the replaced groups no longer in the file. */
  removed: z.number().int().optional(),
  /** Records import with skipDuplicates: rows left out as duplicates. */
  skipped: z.number().int().optional(),
  /** SHA-256 of the file, as recorded in the audit log. */
  digest: z.string(),
  /** Indicators import only: the draft's validation counts after the import. */
  validation: z.object({ errors: z.number().int(), warnings: z.number().int() }).optional(),
  /** Users import only: the one-time passwords of the new accounts, shown this once. */
  passwords: z.array(z.object({ username: z.string(), password: z.string() })).optional(),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** 400 of an import: the usual error body, plus `rows` when the file had bad cells (IMPORT_REJECTED). */
export const ImportErrorBody = z.object({
  error: ErrorBody.shape.error.extend({
    rows: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })).optional(),
    /** How many of the file's rows were refused (each counted once, however many bad cells it has). */
    refusedRows: z.number().int().optional(),
  }),
});
