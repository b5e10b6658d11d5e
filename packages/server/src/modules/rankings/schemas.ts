/**
 * The periodic rankings a `rankPlaces` deduction reads (issue 17): per county and year, one table per ranking and
 * period (e.g. the city's monthly ranking of townships, 2019-03), each place naming the sub-unit, the assessed
 * unit it belongs to and its place.
 */
import { z } from 'zod';
import { text } from '../../lib/schemas';
import { UnitRef } from '../supervision/schemas';

const Year = z.number().int().min(2000).max(2100);
const Day = z.iso.date();

export const RankingPlaceInput = z.object({
  /** The ranked sub-unit as the ranking names it (a village, a township), not necessarily a unit of the county. */
  subUnit: text(64),
  /** The county's assessed unit it belongs to (in force that year). */
  unitId: z.uuid(),
  place: z.number().int().min(1).max(10_000),
});
export type RankingPlaceInput = z.infer<typeof RankingPlaceInput>;

const TableFields = {
  /** A label such as 2019-03 (a YYYY-MM label also places the period in time). */
  period: text(32),
  /** The day that places the period in the measurement window; null: from a YYYY-MM label. */
  date: Day.nullable().optional(),
  /** The number of places ranked (the bottom places are counted from it). */
  size: z.number().int().min(1).max(10_000),
  places: z.array(RankingPlaceInput).min(1).max(2000),
};

export const CreateRankingTable = z.object({
  year: Year,
  /** A ranking id named by a `rankPlaces` rule of the year's scheme. */
  ranking: text(64),
  ...TableFields,
});
export type CreateRankingTable = z.infer<typeof CreateRankingTable>;

export const UpdateRankingTable = z.object({ ...TableFields, version: z.number().int().min(1) });
export type UpdateRankingTable = z.infer<typeof UpdateRankingTable>;

export const DeleteRankingQuery = z.object({ version: z.coerce.number().int().min(1).optional() });
export const RankingsQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

export const RankingTable = z.object({
  id: z.uuid(),
  year: z.number().int(),
  ranking: z.string(),
  period: z.string(),
  date: z.string().nullable(),
  size: z.number().int(),
  places: z.array(z.object({ subUnit: z.string(), unit: UnitRef, place: z.number().int() })),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type RankingTable = z.infer<typeof RankingTable>;

/** A `rankPlaces` rule of the year's scheme: what the ranking is for. */
export const RankingRule = z.object({
  id: z.string(),
  name: z.string().nullable(),
  bottom: z.number().int(),
  points: z.number(),
});

export const RankingsYear = z.object({
  year: z.number().int(),
  /** The scheme version the rankings are checked against (published, else the draft); null: no scheme yet. */
  schemeVersionNo: z.number().int().nullable(),
  /** The year's results are published (and no correction is open): the rankings are frozen. */
  frozen: z.boolean(),
  /** Each ranking the scheme's `rankPlaces` rules read, with those rules and its periods entered. */
  rankings: z.array(z.object({ ranking: z.string(), rules: z.array(RankingRule), tables: z.array(RankingTable) })),
  /** Tables of a ranking the year's scheme no longer reads (kept, not fed to the engine). */
  unused: z.array(RankingTable),
  /** The units a place may belong to: the county's units in force that year. */
  units: z.array(UnitRef),
});
export type RankingsYear = z.infer<typeof RankingsYear>;
