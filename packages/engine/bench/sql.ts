/**
 * The baseline a database-centred system would use: the same scoring, aggregation, ranking and tiering
 * of the synthetic year written as one SQL query, run on PGlite (in-memory) and, when DATABASE_URL is set,
 * on PostgreSQL. The SQL accepts both PostgreSQL 15 and PGlite's 18.
 *
 * Schema (charitable to the database): one row per unit × indicator with the year-end value and the
 * process-node lights as a smallint[] (a node table of 10.8 M rows would be slower to load and to scan).
 */
import type { SynthYear } from './synth';

/** A minimal query interface both PGlite and `pg` satisfy. */
export interface SqlDb {
  exec(sql: string): Promise<unknown>;
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export const SCHEMA_SQL = `
drop table if exists b_vals; drop table if exists b_inds; drop table if exists b_units; drop table if exists b_bonus;
create table b_units (id text primary key, grp text not null);
create table b_inds (id text primary key, block text not null, points float8 not null, method text not null,
  target float8, lo float8, hi float8, step float8, floor float8, per_occ float8);
create table b_vals (unit text not null, ind text not null, value float8, lights smallint[] not null);
create table b_bonus (unit text not null, points float8 not null);
`;

/**
 * Indicator score = share × points × mean node fraction + (1 − share) × year-end score, where the year-end
 * score follows the indicator's method; composite = indicator points normalised to 100 + capped bonus;
 * sport rank per group on the composite rounded half-up to 2 decimals; tiers by quotas (30/40/20/rest,
 * half-up) filled one tier after another, units tied at a tier's last place all in (the core's 'allIn').
 */
export function scoringSql(y: SynthYear): string {
  const { share, yellowFraction, redFraction } = y.process;
  const [s0, s1, s2] = y.tierShares;
  return `
with node as (
  select v.unit, v.ind, v.value,
    (select avg(case l when 1 then 1.0 when 2 then ${yellowFraction} when 3 then ${redFraction} else 0 end)
       from unnest(v.lights) as l) as nf
  from b_vals v
),
cell as (
  select n.unit, u.grp, i.points, n.nf,
    case i.method
      when 'ratio' then i.points * least(1.0, greatest(0.0, n.value / i.target))
      when 'goalposts' then i.points * least(1.0, greatest(0.0, (n.value - i.lo) / (i.hi - i.lo)))
      when 'topRatio' then i.points * n.value / nullif(max(n.value) over (partition by u.grp, n.ind), 0)
      when 'rank' then i.points * greatest(i.floor,
        1 - i.step / 100.0 * ((rank() over (partition by u.grp, n.ind order by n.value desc)) - 1))
      when 'binary' then case when n.value >= 1 then i.points else 0 end
      when 'deduction' then greatest(0.0, i.points - i.per_occ * n.value)
    end as year_end
  from node n join b_units u on u.id = n.unit join b_inds i on i.id = n.ind
),
unit_total as (
  select unit, grp, sum(${share} * points * nf + ${1 - share} * year_end) as pts, sum(points) as max_pts
  from cell group by unit, grp
),
composite as (
  select t.unit, t.grp,
    round((t.pts / t.max_pts * 100 + least(5.0, coalesce(b.bonus, 0)))::numeric, 2) as composite
  from unit_total t left join (select unit, sum(points) as bonus from b_bonus group by unit) b on b.unit = t.unit
),
ranked as (
  select unit, grp, composite,
    rank() over (partition by grp order by composite desc) as rnk,
    count(*) over (partition by grp) as n
  from composite
),
quota as (
  select grp, n,
    round((n * ${s0})::numeric, 0) as q0, round((n * ${s1})::numeric, 0) as q1, round((n * ${s2})::numeric, 0) as q2
  from (select distinct grp, n from ranked) g
),
-- Tiers fill one after another: a tier takes its quota of places after the previous tier's last unit,
-- and units tied at its last place all come in (so a tier can run over and the next starts later).
end0 as (select q.*, (select count(*) from ranked r where r.grp = q.grp and r.rnk <= q.q0) as e0 from quota q),
end1 as (select t.*, (select count(*) from ranked r where r.grp = t.grp and r.rnk <= t.e0 + t.q1) as e1 from end0 t),
end2 as (select t.*, (select count(*) from ranked r where r.grp = t.grp and r.rnk <= t.e1 + t.q2) as e2 from end1 t)
select r.unit, r.grp, r.composite::float8 as composite, r.rnk::int as rank,
  (case when r.rnk <= q.e0 then 0 when r.rnk <= q.e1 then 1 when r.rnk <= q.e2 then 2 else 3 end)::int as tier
from ranked r join end2 q on q.grp = r.grp
order by r.unit`;
}

export interface SqlRow {
  unit: string;
  grp: string;
  composite: number;
  rank: number;
  tier: number;
}

function lightsLiteral(y: SynthYear, cell: number): string {
  const K = y.spec.nodes;
  let s = '{';
  for (let k = 0; k < K; k++) s += (k ? ',' : '') + String(y.lights[cell * K + k]);
  return s + '}';
}

/** Tab-separated rows for COPY (PGlite reads them from a Blob). */
export function* copyRows(y: SynthYear, table: 'units' | 'inds' | 'vals' | 'bonus'): Generator<string> {
  const I = y.indicators.length;
  switch (table) {
    case 'units':
      for (let u = 0; u < y.unitIds.length; u++) yield `${y.unitIds[u]}\t${y.unitGroup[u]}\n`;
      return;
    case 'inds':
      for (const i of y.indicators) {
        yield `${i.id}\t${i.block}\t${i.points}\t${i.method}\t${i.target}\t${i.lo}\t${i.hi}\t${i.step}\t${i.floor}\t${i.perOccurrence}\n`;
      }
      return;
    case 'vals':
      for (let u = 0; u < y.unitIds.length; u++) {
        for (let j = 0; j < I; j++) {
          const cell = u * I + j;
          yield `${y.unitIds[u]}\t${y.indicators[j]?.id}\t${y.values[cell]}\t${lightsLiteral(y, cell)}\n`;
        }
      }
      return;
    case 'bonus':
      for (const b of y.bonusRecords) yield `${b.unitId}\t${b.points}\n`;
      return;
  }
}

/** Load the year into PGlite with COPY from a Blob, in chunks to bound memory. */
export async function loadPglite(
  db: SqlDb & { query<T>(sql: string, params?: unknown[], opts?: { blob?: Blob }): Promise<{ rows: T[] }> },
  y: SynthYear,
): Promise<void> {
  await db.exec(SCHEMA_SQL);
  for (const t of ['units', 'inds', 'vals', 'bonus'] as const) {
    let chunk: string[] = [];
    const flush = async (): Promise<void> => {
      if (!chunk.length) return;
      await db.query(`copy b_${t} from '/dev/blob'`, [], { blob: new Blob(chunk) });
      chunk = [];
    };
    for (const row of copyRows(y, t)) {
      chunk.push(row);
      if (chunk.length >= 100_000) await flush();
    }
    await flush();
  }
  await db.exec('analyze');
}

/** Load the year into PostgreSQL with batched INSERT … SELECT FROM unnest (no COPY stream dependency). */
export async function loadPg(db: SqlDb, y: SynthYear): Promise<void> {
  await db.exec(SCHEMA_SQL);
  await db.query('insert into b_units select * from unnest($1::text[], $2::text[])', [y.unitIds, y.unitGroup]);
  const inds = y.indicators;
  await db.query(
    'insert into b_inds select * from unnest($1::text[], $2::text[], $3::float8[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[])',
    [
      inds.map((i) => i.id),
      inds.map((i) => i.block),
      inds.map((i) => i.points),
      inds.map((i) => i.method),
      inds.map((i) => i.target),
      inds.map((i) => i.lo),
      inds.map((i) => i.hi),
      inds.map((i) => i.step),
      inds.map((i) => i.floor),
      inds.map((i) => i.perOccurrence),
    ],
  );
  const I = inds.length;
  const total = y.unitIds.length * I;
  const batch = 50_000;
  for (let start = 0; start < total; start += batch) {
    const end = Math.min(total, start + batch);
    const unit: string[] = [];
    const ind: string[] = [];
    const value: number[] = [];
    const lights: string[] = [];
    for (let c = start; c < end; c++) {
      unit.push(y.unitIds[Math.floor(c / I)] ?? '');
      ind.push(inds[c % I]?.id ?? '');
      value.push(y.values[c] ?? 0);
      lights.push(lightsLiteral(y, c));
    }
    await db.query(
      'insert into b_vals select u, i, v, l::smallint[] from unnest($1::text[], $2::text[], $3::float8[], $4::text[]) as t(u, i, v, l)',
      [unit, ind, value, lights],
    );
  }
  await db.query('insert into b_bonus select * from unnest($1::text[], $2::float8[])', [
    y.bonusRecords.map((b) => b.unitId),
    y.bonusRecords.map((b) => b.points),
  ]);
  await db.exec('analyze');
}
