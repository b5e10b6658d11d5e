import { z } from 'zod';
import { Year } from '../records/schemas';
import { HistoryEntry } from '../feedback/schemas';

export const CountyQuery = z.object({ year: Year });
export const UnitQuery = z.object({ year: Year, unitId: z.uuid().optional() });

const TierCount = z.object({ tier: z.string(), name: z.string(), count: z.number().int() });

export const CountyDashboard = z.object({
  year: z.number().int(),
  published: z.boolean(),
  years: z.array(z.number().int()),
  results: z
    .object({
      tierDistribution: z.array(z.object({ groupId: z.string(), groupName: z.string(), tiers: z.array(TierCount) })),
      ranking: z.array(
        z.object({
          groupId: z.string(),
          groupName: z.string(),
          units: z.array(
            z.object({
              unitCode: z.string(),
              unitName: z.string(),
              rank: z.number().int(),
              composite: z.number(),
              tier: z.string(),
              tierName: z.string(),
              trend: z.array(z.object({ year: z.number().int(), rank: z.number().int().nullable() })),
            }),
          ),
        }),
      ),
      heatmap: z.array(
        z.object({
          groupId: z.string(),
          groupName: z.string(),
          units: z.array(z.object({ code: z.string(), name: z.string() })),
          indicators: z.array(
            z.object({
              id: z.string(),
              name: z.string(),
              points: z.number(),
              fullMarkRate: z.number(),
              sd: z.number(),
              nonDiscriminating: z.boolean(),
            }),
          ),
          fractions: z.array(z.array(z.number().nullable())),
        }),
      ),
      headline: z.string(),
      headlineEn: z.string(),
    })
    .nullable(),
  redLights: z.object({
    months: z.array(z.string()),
    units: z.array(
      z.object({
        unitId: z.uuid(),
        unitCode: z.string(),
        unitName: z.string(),
        groupName: z.string(),
        months: z.array(z.number().int()),
      }),
    ),
  }),
  city: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      points: z.number().nullable(),
      resultScore: z.number().nullable(),
      resultMax: z.number().nullable(),
      resultRank: z.number().int().nullable(),
      leadUnitName: z.string().nullable(),
      nodes: z.object({
        total: z.number().int(),
        red: z.number().int(),
        yellow: z.number().int(),
        green: z.number().int(),
      }),
    }),
  ),
  yearOverYear: z.array(
    z.object({
      year: z.number().int(),
      units: z.number().int(),
      averageComposite: z.number(),
      vetoed: z.number().int(),
      downgraded: z.number().int(),
      fullMarkIndicators: z.number().int(),
      indicators: z.number().int(),
      fullMarkShare: z.number(),
      redLights: z.number().int(),
      redUnits: z.number().int(),
    }),
  ),
});

export const UnitDashboard = z.object({
  year: z.number().int(),
  unit: z.object({ id: z.uuid(), code: z.string(), name: z.string(), groupName: z.string() }),
  history: z.array(HistoryEntry),
  lights: z.object({
    months: z.array(z.string()),
    red: z.array(z.number().int()),
    yellow: z.array(z.number().int()),
    now: z.object({ red: z.number().int(), yellow: z.number().int(), green: z.number().int() }),
  }),
  result: z
    .object({ rank: z.number().int(), groupSize: z.number().int(), tierName: z.string(), composite: z.number() })
    .nullable(),
  lostPoints: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      points: z.number(),
      score: z.number(),
      lost: z.number(),
      average: z.number(),
    }),
  ),
});
