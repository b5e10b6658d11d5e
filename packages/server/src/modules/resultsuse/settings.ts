import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { yearendSettings } from '../../db/schema';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { Year } from '../records/schemas';
import { DEFAULT_APPEAL_WINDOW_DAYS } from './config';

export const SettingsQuery = z.object({ year: Year });

export const YearSettings = z.object({
  year: z.number().int(),
  /** The window in force (the setting, or the default). */
  appealWindowDays: z.number().int(),
  /** What the office set (null = default). */
  appealWindowDaysSet: z.number().int().nullable(),
  tierCoefficients: z.record(z.string(), z.number()).nullable(),
  version: z.number().int(),
});
export type YearSettings = z.infer<typeof YearSettings>;

export const UpdateSettings = z.object({
  year: Year,
  version: z.number().int().min(0),
  // Days from the first publication. Up to 9999 so that the office can reopen a past year's appeals (the e2e
  // opens the demo's 2018, published 2019-01-15, this way); the usual value is 7.
  appealWindowDays: z.number().int().min(0).max(9999).nullable().optional(),
  tierCoefficients: z.record(z.string().min(1).max(64), z.number().min(0).max(10)).nullable().optional(),
});
export type UpdateSettings = z.infer<typeof UpdateSettings>;

export async function getYearSettings(db: Database, tenantId: string, year: number): Promise<YearSettings> {
  const [row] = await db
    .select()
    .from(yearendSettings)
    .where(and(eq(yearendSettings.tenantId, tenantId), eq(yearendSettings.year, year)));
  return {
    year,
    appealWindowDays: row?.appealWindowDays ?? DEFAULT_APPEAL_WINDOW_DAYS,
    appealWindowDaysSet: row?.appealWindowDays ?? null,
    tierCoefficients: row?.tierCoefficients ?? null,
    // 0 = nothing stored yet: the first save sends version 0.
    version: row?.version ?? 0,
  };
}

/** Sets the year's appeal window and/or tier coefficients (optimistic version; 0 creates the row). */
export async function updateYearSettings(db: Database, actor: Actor, input: UpdateSettings): Promise<YearSettings> {
  return db.transaction(async (tx) => {
    const before = await getYearSettings(tx, actor.tenantId, input.year);
    if (before.version !== input.version) throw new AppError('VERSION_CONFLICT');
    const values = {
      appealWindowDays: input.appealWindowDays === undefined ? before.appealWindowDaysSet : input.appealWindowDays,
      tierCoefficients: input.tierCoefficients === undefined ? before.tierCoefficients : input.tierCoefficients,
      updatedBy: actor.userId,
      updatedAt: new Date(),
    };
    if (before.version === 0) {
      const inserted = await tx
        .insert(yearendSettings)
        .values({ tenantId: actor.tenantId, year: input.year, ...values })
        .onConflictDoNothing()
        .returning({ id: yearendSettings.id });
      if (inserted.length === 0) throw new AppError('VERSION_CONFLICT');
    } else {
      const updated = await tx
        .update(yearendSettings)
        .set({ ...values, version: input.version + 1 })
        .where(
          and(
            eq(yearendSettings.tenantId, actor.tenantId),
            eq(yearendSettings.year, input.year),
            eq(yearendSettings.version, input.version),
          ),
        )
        .returning({ id: yearendSettings.id });
      if (updated.length === 0) throw new AppError('VERSION_CONFLICT');
    }
    const after = await getYearSettings(tx, actor.tenantId, input.year);
    await recordAudit(tx, actor, {
      action: 'yearend.settings',
      entityType: 'yearend_settings',
      entityId: `${input.year}`,
      summary: `修改 ${input.year} 年度结果运用设置：申诉期 ${after.appealWindowDays} 日${
        after.tierCoefficients ? `，档次系数 ${JSON.stringify(after.tierCoefficients)}` : ''
      }`,
      before,
      after,
    });
    return after;
  });
}
