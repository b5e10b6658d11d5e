/**
 * The reports module's data access: one named function per query over `reports`, their `lights` and their
 * evidence files. No scope checks, state rules, audit records or answer shapes here: `service.ts` runs the
 * transactions (passing `tx` as `db`) and decides.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { evidenceFiles, lights, reports } from '../../db/schema';

export type ReportRow = typeof reports.$inferSelect;
export type EvidenceRow = typeof evidenceFiles.$inferSelect;

/** One cell of a year: a unit's indicator at a node (or the year end). */
export interface CellKey {
  tenantId: string;
  year: number;
  unitId: string;
  indicatorId: string;
  nodeId: string;
}

const cellIs = (k: CellKey) =>
  and(
    eq(reports.tenantId, k.tenantId),
    eq(reports.year, k.year),
    eq(reports.unitId, k.unitId),
    eq(reports.indicatorId, k.indicatorId),
    eq(reports.nodeId, k.nodeId),
  );

/** The evidence files of these reports (read 1,000 reports at a time). */
export async function evidenceOfReports(db: Database, tenantId: string, reportIds: string[]): Promise<EvidenceRow[]> {
  const out: EvidenceRow[] = [];
  for (let i = 0; i < reportIds.length; i += 1000) {
    out.push(
      ...(await db
        .select()
        .from(evidenceFiles)
        .where(
          and(eq(evidenceFiles.tenantId, tenantId), inArray(evidenceFiles.reportId, reportIds.slice(i, i + 1000))),
        )),
    );
  }
  return out;
}

/**
 * The year's reports and lights, narrowed to these units and indicators when given (an indicator id wins over a
 * list of them).
 */
export function reportsAndLightsOf(
  db: Database,
  where: {
    tenantId: string;
    year: number;
    unitIds?: string[] | undefined;
    indicatorId?: string | undefined;
    indicatorIds?: string[] | undefined;
  },
) {
  const rwhere = [eq(reports.tenantId, where.tenantId), eq(reports.year, where.year)];
  const lwhere = [eq(lights.tenantId, where.tenantId), eq(lights.year, where.year)];
  if (where.unitIds) {
    rwhere.push(inArray(reports.unitId, where.unitIds));
    lwhere.push(inArray(lights.unitId, where.unitIds));
  }
  if (where.indicatorId) {
    rwhere.push(eq(reports.indicatorId, where.indicatorId));
    lwhere.push(eq(lights.indicatorId, where.indicatorId));
  } else if (where.indicatorIds) {
    rwhere.push(inArray(reports.indicatorId, where.indicatorIds));
    lwhere.push(inArray(lights.indicatorId, where.indicatorIds));
  }
  return Promise.all([
    db
      .select()
      .from(reports)
      .where(and(...rwhere)),
    db
      .select({
        unitId: lights.unitId,
        indicatorId: lights.indicatorId,
        nodeId: lights.nodeId,
        light: lights.light,
        reason: lights.reason,
      })
      .from(lights)
      .where(and(...lwhere)),
  ]);
}

/** The light of one cell and its reason, if the cell has one. */
export async function lightOfCell(db: Database, k: CellKey) {
  const [l] = await db
    .select({ light: lights.light, reason: lights.reason })
    .from(lights)
    .where(
      and(
        eq(lights.tenantId, k.tenantId),
        eq(lights.year, k.year),
        eq(lights.unitId, k.unitId),
        eq(lights.indicatorId, k.indicatorId),
        eq(lights.nodeId, k.nodeId),
      ),
    );
  return l;
}

/** A report of the county by id; `lock` locks the row until the transaction ends. */
export async function reportById(
  db: Database,
  tenantId: string,
  id: string,
  lock = false,
): Promise<ReportRow | undefined> {
  const q = db
    .select()
    .from(reports)
    .where(and(eq(reports.tenantId, tenantId), eq(reports.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** The report of one cell, locked until the transaction ends, if there is one. */
export async function lockReportOfCell(db: Database, k: CellKey): Promise<ReportRow | undefined> {
  const [row] = await db.select().from(reports).where(cellIs(k)).for('update');
  return row;
}

/** Changes a report still at the expected optimistic version; undefined when someone else moved it. */
export async function updateReportAt(
  db: Database,
  id: string,
  expectedVersion: number,
  set: Partial<typeof reports.$inferInsert>,
): Promise<ReportRow | undefined> {
  const [row] = await db
    .update(reports)
    .set(set)
    .where(and(eq(reports.id, id), eq(reports.version, expectedVersion)))
    .returning();
  return row;
}

/** A new report of a cell; undefined when the cell got one meanwhile (the unique cell index). */
export async function insertReportIfAbsent(
  db: Database,
  values: typeof reports.$inferInsert,
): Promise<ReportRow | undefined> {
  const [row] = await db.insert(reports).values(values).onConflictDoNothing().returning();
  return row;
}
