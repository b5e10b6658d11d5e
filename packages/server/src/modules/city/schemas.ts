import { z } from 'zod';
import { LIGHTS } from '../../enums';
import { optionalText, text } from '../../lib/schemas';
import { UnitRef } from '../supervision/schemas';

const Year = z.coerce.number().int().min(2000).max(2100);
const IsoDate = z.iso.date();
export const CITY_LIGHTS = LIGHTS;
export type CityLight = (typeof CITY_LIGHTS)[number];

export const CityNode = z.object({
  id: z.uuid(),
  name: z.string(),
  due: z.string(),
  light: z.enum(CITY_LIGHTS).nullable(),
  lightOn: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number().int(),
});
export type CityNode = z.infer<typeof CityNode>;

export const CityIndicator = z.object({
  id: z.uuid(),
  year: z.number().int(),
  code: z.string(),
  name: z.string(),
  cityDepartment: z.string().nullable(),
  points: z.number().nullable(),
  leadUnit: UnitRef.nullable(),
  units: z.array(UnitRef),
  indicatorId: z.string().nullable(),
  indicatorName: z.string().nullable(),
  resultScore: z.number().nullable(),
  resultMax: z.number().nullable(),
  resultRank: z.number().int().nullable(),
  version: z.number().int(),
  nodes: z.array(CityNode),
});
export type CityIndicator = z.infer<typeof CityIndicator>;

export const CityListQuery = z.object({ year: Year });
export const CityList = z.object({ items: z.array(CityIndicator), warnDays: z.number().int() });

const IndicatorId = z
  .string()
  .trim()
  .max(64)
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional();

const resultFields = {
  resultScore: z.number().finite().min(0).max(10_000).nullable().optional(),
  resultMax: z.number().finite().positive().max(10_000).nullable().optional(),
  resultRank: z.number().int().min(1).max(1000).nullable().optional(),
};

export const CreateCityIndicator = z.object({
  year: Year,
  code: text(32),
  name: text(200),
  cityDepartment: optionalText(100),
  points: z.number().finite().min(0).max(1000).nullable().optional(),
  leadUnitId: z.uuid().nullable().optional(),
  unitIds: z.array(z.uuid()).max(100).default([]),
  indicatorId: IndicatorId,
  nodes: z
    .array(z.object({ name: text(200), due: IsoDate }))
    .max(24)
    .default([]),
});
export type CreateCityIndicator = z.infer<typeof CreateCityIndicator>;

export const UpdateCityIndicator = z.object({
  version: z.number().int().min(1),
  code: text(32).optional(),
  name: text(200).optional(),
  cityDepartment: optionalText(100),
  points: z.number().finite().min(0).max(1000).nullable().optional(),
  leadUnitId: z.uuid().nullable().optional(),
  unitIds: z.array(z.uuid()).max(100).optional(),
  indicatorId: IndicatorId,
  ...resultFields,
});
export type UpdateCityIndicator = z.infer<typeof UpdateCityIndicator>;

export const CreateCityNode = z.object({ name: text(200), due: IsoDate });
export type CreateCityNode = z.infer<typeof CreateCityNode>;

export const UpdateCityNode = z.object({
  version: z.number().int().min(1),
  name: text(200).optional(),
  due: IsoDate.optional(),
  /** The city's light for the node (null clears it). */
  light: z.enum(CITY_LIGHTS).nullable().optional(),
  /** The day the city lit it; defaults to today. */
  lightOn: IsoDate.nullable().optional(),
  note: optionalText(1000),
});
export type UpdateCityNode = z.infer<typeof UpdateCityNode>;

export const PeriodQuery = z.object({ from: IsoDate, to: IsoDate });

const Picture = z.object({
  indicators: z.number().int(),
  indicatorUnits: z.number().int(),
  nodes: z.number().int(),
  nodeUnits: z.number().int(),
  sentence: z.object({ 'zh-CN': z.string(), en: z.string() }),
});
export const RedLightCounts = z.object({ from: z.string(), to: z.string(), city: Picture, county: Picture });
export type RedLightCounts = z.infer<typeof RedLightCounts>;
