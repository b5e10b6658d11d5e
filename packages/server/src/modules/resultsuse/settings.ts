import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { yearendSettings } from '../../db/schema';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { DEFAULT_APPEAL_WINDOW_DAYS } from './config';
import { SettingsQuery, UpdateSettings, YearSettings } from './schemas';

export { SettingsQuery, UpdateSettings, YearSettings };

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
