import { z } from 'zod';
import { SIGNAL_KINDS } from '../../enums';
import { UnitRef } from '../supervision/schemas';

export { SIGNAL_KINDS };

export type SignalKind = (typeof SIGNAL_KINDS)[number];

export const SignalQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  kind: z.enum(SIGNAL_KINDS).optional(),
});

export const Signal = z.object({
  /** Stable key of the signal (kind and the record it points at). */
  key: z.string(),
  kind: z.enum(SIGNAL_KINDS),
  units: z.array(UnitRef),
  indicatorId: z.string().nullable(),
  indicatorName: z.string().nullable(),
  nodeId: z.string().nullable(),
  reportIds: z.array(z.uuid()),
  /** The numbers behind the signal (reported, verified, previous, current, change, robustZ …). */
  figures: z.record(z.string(), z.number()),
  sha256: z.string().nullable(),
  fileNames: z.array(z.string()),
  /** A path in the web app that opens the record. */
  link: z.string(),
});
export type Signal = z.infer<typeof Signal>;

export const SignalList = z.object({
  items: z.array(Signal),
  counts: z.object({
    downwardCorrection: z.number().int(),
    changedAfterApproval: z.number().int(),
    sharedEvidence: z.number().int(),
    outlierJump: z.number().int(),
  }),
});
