/**
 * `npm run bench:import` — Excel import and export on in-memory PGlite (issue 4 "Measured"): a 10,000-row
 * units sheet, a 10,000-row records sheet, a 10,000-row indicator sheet, and the export of a whole scheme
 * (the demo's 2019 scheme). Prints one line per step (time, peak RSS and heap during the step), then exactly
 * one JSON line with every figure. Each step runs once on a fresh state: an import is a one-off act.
 */
import ExcelJS from 'exceljs';
import { openDatabase } from '../src/db/client';
import { systemActor, type Actor } from '../src/modules/auth/actor';
import { exportExcel, importExcel } from '../src/modules/excel/service';
import { createScheme } from '../src/modules/schemes/service';
import { seedDemo } from '../src/seed/demo';

const N = Number(process.env.BENCH_ROWS ?? 10_000);
/**
 * Indicators per synthetic scheme (40× the demo scheme). Saving the draft runs the scheme validation; its
 * overlap check finds similar names through a bigram index (`similarNamePairs`), so this is seconds, not the
 * minutes of the old every-pair comparison. The names 指标0 … 指标9999 are close to each other: the report
 * carries about 72,000 name-overlap warnings.
 */
const NI = Number(process.env.BENCH_INDICATORS ?? 10_000);
const MB = 1024 * 1024;

interface Step {
  step: string;
  ms: number;
  peakRssMB: number;
  peakHeapMB: number;
  note: string;
}
const steps: Step[] = [];

/** Times `fn` while sampling memory every 10 ms; the peak includes ExcelJS's buffers (arrayBuffers). */
async function measure<T>(step: string, fn: () => Promise<T>, note: (r: T) => string): Promise<T> {
  global.gc?.();
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed + m.arrayBuffers);
  };
  const timer = setInterval(sample, 10);
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  clearInterval(timer);
  sample();
  const s = {
    step,
    ms: Math.round(ms),
    peakRssMB: Math.round(rss / MB),
    peakHeapMB: Math.round(heap / MB),
    note: note(result),
  };
  steps.push(s);
  process.stdout.write(
    `${s.step.padEnd(34)} ${String(s.ms).padStart(7)} ms   RSS ${String(s.peakRssMB).padStart(5)} MB   heap ${String(s.peakHeapMB).padStart(5)} MB   ${s.note}\n`,
  );
  return result;
}

async function sheet(name: string, header: string[], rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

const UNIT_HEADER = ['单位编码', '单位名称', '简称', '单位类型', '考核类别', '联系人', '联系电话', '排序', '状态'];
const RECORD_HEADER = [
  '记录编号',
  '单位编码',
  '单位名称',
  '类别',
  '规则编号',
  '级别',
  '成果标识',
  '事项名称',
  '文号',
  '发文日期',
  '分值',
  '次数',
  '重复发生',
  '备注',
];
const INDICATOR_HEADER = [
  '组别',
  '板块编号',
  '板块',
  '板块权重',
  '指标编号',
  '上级指标',
  '指标名称',
  '分值',
  '评分方法',
  '方法参数',
  '考核主体',
  '指标类别',
  '政策来源',
  '重点工作',
  '数据来源',
  '佐证要求',
  '过程节点',
  '说明',
];

async function main() {
  const handle = await openDatabase({ kind: 'pglite-memory' });
  await handle.migrate();
  const db = handle.db;
  const { tenantId } = await seedDemo(db);
  const actor: Actor = systemActor(tenantId, '示范县');
  global.gc?.();
  const baselineRssMB = Math.round(process.memoryUsage().rss / MB);
  process.stdout.write(
    `Excel import/export on in-memory PGlite, ${N} rows per sheet (node ${process.version}); RSS before the steps ${baselineRssMB} MB (PGlite and the demo county)\n`,
  );

  // Units: N new townships, then the same file again (every row compared, nothing written).
  const unitRows = Array.from({ length: N }, (_, i) => [
    `B${String(i).padStart(5, '0')}`,
    `批量镇${i}`,
    `批${i}`,
    '乡镇',
    '乡镇',
    '李四',
    '0371-1234567',
    i,
    '启用',
  ]);
  const unitFile = await measure(
    'write units sheet (exceljs)',
    () => sheet('考核对象', UNIT_HEADER, unitRows),
    (b) => `${(b.length / 1024).toFixed(0)} KB`,
  );
  await measure(
    'import units (create)',
    () => importExcel(db, actor, 'units', unitFile),
    (r) => `created ${r.created}`,
  );
  await measure(
    'import units again (unchanged)',
    () => importExcel(db, actor, 'units', unitFile),
    (r) => `unchanged ${r.unchanged}`,
  );
  const changedFile = await sheet(
    '考核对象',
    UNIT_HEADER,
    unitRows.map((r) => r.map((c, k) => (k === 5 ? '王五' : c))),
  );
  await measure(
    'import units (every row changed)',
    () => importExcel(db, actor, 'units', changedFile),
    (r) => `updated ${r.updated}`,
  );
  await measure(
    'export units',
    () => exportExcel(db, actor, 'units'),
    (f) => `${(f.body.length / 1024).toFixed(0)} KB`,
  );

  // Records: N commendations and criticisms spread over the new units.
  const recordRows = Array.from({ length: N }, (_, i) => [
    null,
    `B${String(i).padStart(5, '0')}`,
    null,
    i % 3 === 0 ? '扣分' : '加分',
    i % 3 === 0 ? 'criticism' : 'commendation',
    ['国家级', '省级', '市级', '县级'][i % 4] ?? null,
    `a${i}`,
    `表彰或通报 ${i}`,
    `示政〔2019〕${i}号`,
    '2019-06-30',
    null,
    1,
    '否',
    null,
  ]);
  const recordFile = await sheet('2019年加扣分记录', RECORD_HEADER, recordRows);
  await measure(
    'import records (create)',
    () => importExcel(db, actor, 'records', recordFile, 2019),
    (r) => `created ${r.created}`,
  );
  const recordsExport = await measure(
    'export records',
    () => exportExcel(db, actor, 'records', 2019),
    (f) => `${(f.body.length / 1024).toFixed(0)} KB`,
  );
  await measure(
    'import records export (unchanged)',
    () => importExcel(db, actor, 'records', recordsExport.body, 2019),
    (r) => `unchanged ${r.unchanged}`,
  );

  // A whole scheme: the demo's 2019 scheme, exported and imported back.
  const schemeExport = await measure(
    'export scheme 2019 (demo)',
    () => exportExcel(db, actor, 'indicators', 2019),
    (f) => `${(f.body.length / 1024).toFixed(0)} KB`,
  );
  await measure(
    'import scheme 2019 (unchanged)',
    () => importExcel(db, actor, 'indicators', schemeExport.body, 2019),
    (r) => `${r.imported} indicators, unchanged ${r.unchanged}`,
  );

  // NI indicators in one group's tree (a synthetic scheme of 2030): 100 blocks, leaves with ratio targets.
  await createScheme(db, actor, { year: 2030, name: '2030 年度压力测试方案' });
  const indicatorRows = Array.from({ length: NI }, (_, i) => [
    '乡镇',
    `blk${Math.floor(i / 100)}`,
    `板块${Math.floor(i / 100)}`,
    null,
    `ind${i}`,
    null,
    `指标${i}`,
    1,
    '完成率',
    `target=${(i % 50) + 1}`,
    'ZF01',
    '政府部门工作指标',
    '政府工作报告',
    i % 2 ? '是' : '否',
    '县统计局',
    '可选',
    'q1:2030-06-30:50',
    null,
  ]);
  const indicatorFile = await sheet('2030年指标', INDICATOR_HEADER, indicatorRows);
  await measure(
    `import ${NI} indicators (draft)`,
    () => importExcel(db, actor, 'indicators', indicatorFile, 2030),
    (r) => `created ${r.created}`,
  );
  await measure(
    `export ${NI} indicators`,
    () => exportExcel(db, actor, 'indicators', 2030),
    (f) => `${(f.body.length / 1024).toFixed(0)} KB`,
  );

  await handle.close();
  const figure = (name: string) => steps.find((s) => s.step === name)?.ms ?? null;
  process.stdout.write(
    `${JSON.stringify({
      rows: N,
      indicators: NI,
      importUnitsMs: figure('import units (create)'),
      reimportUnitsMs: figure('import units again (unchanged)'),
      updateUnitsMs: figure('import units (every row changed)'),
      exportUnitsMs: figure('export units'),
      importRecordsMs: figure('import records (create)'),
      exportRecordsMs: figure('export records'),
      exportSchemeMs: figure('export scheme 2019 (demo)'),
      importSchemeMs: figure('import scheme 2019 (unchanged)'),
      importIndicatorsMs: figure(`import ${NI} indicators (draft)`),
      exportIndicatorsMs: figure(`export ${NI} indicators`),
      baselineRssMB,
      peakRssMB: Math.max(...steps.map((s) => s.peakRssMB)),
      peakHeapMB: Math.max(...steps.map((s) => s.peakHeapMB)),
    })}\n`,
  );
}

await main();
