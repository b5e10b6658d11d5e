/**
 * The bulletin rendered as a reader sees it: LibreOffice lays the .docx out as a PDF and poppler reads back where
 * each line landed, so GB/T 9704's positions are measured on the page, not only read from the XML.
 * CI installs LibreOffice (.ci/run); on a machine without it this file is skipped and says so.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import type { DiagnosticsResult } from '@yardstick/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBulletin } from '../src/modules/results/bulletin';
import type { RankingRow, RankingView } from '../src/modules/results/views';

const hasOffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;
const hasPoppler = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' }).status === 0;
if (!hasOffice || !hasPoppler) console.warn('bulletin-render: LibreOffice or poppler-utils missing, skipped');

const MM = 72 / 25.4;
const TYPE_TOP = 37 * MM;
const TYPE_BOTTOM = (297 - 35) * MM;
const TYPE_RIGHT = (210 - 26) * MM;
const ORGAN = '中共青山县委考核工作领导小组办公室';

const TIERS = [
  { id: 'good', name: '好' },
  { id: 'fair', name: '较好' },
  { id: 'normal', name: '一般' },
];

function row(group: string, i: number): RankingRow {
  const tier = TIERS[i < 3 ? 0 : i < 9 ? 1 : 2] ?? TIERS[2];
  return {
    unitCode: `${group}${i}`,
    unitName: `${group === 't' ? '青山' : '县'}第${i + 1}${group === 't' ? '镇' : '局'}`,
    rank: i + 1,
    indicatorTotal: 95 - i * 0.75,
    evaluation: 90,
    bonus: 0,
    deductions: 0,
    rankChange: 0,
    composite: 95 - i * 0.75,
    tier: tier?.id ?? 'normal',
    tierName: tier?.name ?? '一般',
    tierIndex: i < 3 ? 0 : i < 9 ? 1 : 2,
    naturalTier: tier?.id ?? 'normal',
    naturalTierName: tier?.name ?? '一般',
    overridden: false,
    vetoes: [],
    vetoNames: [],
    downgraded: false,
    flags: [],
    tie: false,
    award: false,
    consequences: [],
    coefficient: null,
    status: 'ok',
  };
}

const ranking = {
  year: 2026,
  source: 'published',
  snapshot: null,
  publishable: true,
  tiers: TIERS,
  groups: [
    {
      groupId: 't',
      name: '乡镇',
      unitCount: 14,
      quotas: [],
      ties: [],
      rows: Array.from({ length: 14 }, (_, i) => row('t', i)),
    },
    {
      groupId: 'd',
      name: '县直部门',
      unitCount: 30,
      quotas: [],
      ties: [],
      rows: Array.from({ length: 30 }, (_, i) => row('d', i)),
    },
  ],
} as unknown as RankingView;

const diagnostics = {
  headline: {
    indicators: 40,
    fullMarkIndicators: 4,
    indicatorShare: 0.1,
    pointsShare: 0.08,
    assessors: [{ name: '县财政局', count: 2 }],
    items: [],
    text: { zh: '', en: '' },
  },
  groups: [],
} as unknown as DiagnosticsResult;

interface Line {
  page: number;
  y: number;
  yMax: number;
  x: number;
  xMax: number;
  text: string;
}

/** The lines of each page, from pdftotext's word boxes (a line = words sharing a top edge). */
function linesOf(pdf: string): { lines: Line[]; pages: number } {
  const html = spawnSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' }).stdout;
  const lines: Line[] = [];
  let page = 0;
  for (const m of html.matchAll(
    /<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g,
  )) {
    if (m[0].startsWith('<page')) {
      page++;
      continue;
    }
    const [x, y, xMax, yMax] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    const same = lines.find((l) => l.page === page && Math.abs(l.y - y) < 2);
    if (same) {
      same.text += m[5];
      same.x = Math.min(same.x, x);
      same.xMax = Math.max(same.xMax, xMax);
    } else lines.push({ page, y, yMax, x, xMax, text: m[5] ?? '' });
  }
  return { lines: lines.sort((a, b) => a.page - b.page || a.y - b.y), pages: page };
}

describe.skipIf(!hasOffice || !hasPoppler)('the bulletin as LibreOffice lays it out (GB/T 9704-2012)', () => {
  let dir: string;
  let lines: Line[];
  let pages: number;
  let docx: Buffer;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yardstick-bulletin-'));
    docx = await buildBulletin({
      year: 2026,
      countyName: '青山县',
      identity: { issuingOrgan: ORGAN, docNumberPattern: '青考核办〔{year}〕{n}号', signatureOrgan: ORGAN },
      schemeName: '青山县2026年度实绩考核方案',
      ranking,
      diagnostics,
      redLights: '全县过程考核共亮红灯 12 个、黄灯 30 个。',
      cityRedLights: null,
      docNo: 3,
      day: '2027-01-05',
      preview: false,
      correction: null,
      seal: '（结果快照第 1 版 SHA-256：abc；可用 yardstick results verify 核验。）',
    });
    const file = path.join(dir, 'bulletin.docx');
    fs.writeFileSync(file, docx);
    const profile = `file://${path.join(dir, 'profile')}`;
    const out = spawnSync(
      'soffice',
      [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file],
      { encoding: 'utf8', timeout: 240_000 },
    );
    if (out.status !== 0) throw new Error(`soffice failed: ${out.stderr}`);
    ({ lines, pages } = linesOf(path.join(dir, 'bulletin.pdf')));
  }, 300_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the red header’s top edge is 35 mm below the top of the type area', () => {
    const header = lines.find((l) => l.page === 1 && l.text === ORGAN);
    expect(header, JSON.stringify(lines.slice(0, 3))).toBeDefined();
    expect(((header?.y ?? 0) - TYPE_TOP) / MM).toBeCloseTo(35, 0);
  });

  it('page numbers sit 7 mm under the type area, odd pages right and even pages left', () => {
    const numbers = lines.filter((l) => /^—\d+—$/.test(l.text));
    expect(numbers.length).toBe(pages);
    for (const n of numbers) {
      expect(Math.abs((n.y - TYPE_BOTTOM) / MM - 7), n.text).toBeLessThan(1.5);
      const page = Number(n.text.replace(/—/g, ''));
      if (page % 2 === 1) expect(n.xMax).toBeGreaterThan(TYPE_RIGHT - 20 * MM);
      else expect(n.x).toBeLessThan(28 * MM + 20 * MM);
    }
  });

  it('the date is in Arabic numerals, the signature centred over it; a long signature ends at the right edge', () => {
    const date = lines.find((l) => l.text === '2027年1月5日');
    const organ = lines.filter((l) => l.text === ORGAN).at(-1);
    expect(date).toBeDefined();
    expect(organ?.page).toBe(date?.page);
    expect(Math.abs((organ?.x ?? 0) + (organ?.xMax ?? 0) - (date?.x ?? 0) - (date?.xMax ?? 0)) / 2).toBeLessThan(4);
    // 17 characters of signature are longer than the date with 右空四字 on both sides: the signature ends at the
    // right edge of the type area and the date stays centred under it (so it is more than four characters in).
    expect(Math.abs(TYPE_RIGHT - (organ?.xMax ?? 0))).toBeLessThan(4);
    expect(TYPE_RIGHT - (date?.xMax ?? 0)).toBeGreaterThan(4 * 16);
  });

  it('no heading is left alone at the foot of a page', () => {
    for (let p = 1; p < pages; p++) {
      const body = lines.filter((l) => l.page === p && !/^—\d+—$/.test(l.text));
      const last = body.at(-1)?.text ?? '';
      expect(last, `page ${p}`).not.toMatch(/^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)/);
    }
  });

  it('the 附件 begins a page of its own with the results table; the 版记 closes the last page', () => {
    const attachment = lines.find((l) => l.text === '附件');
    expect(attachment).toBeDefined();
    expect(lines.filter((l) => l.page === attachment?.page)[0]?.text).toBe('附件');
    expect(lines.some((l) => l.text.includes('名次单位综合得分等次'))).toBe(true);
    expect(lines.some((l) => l.text.startsWith('附件：2026年度实绩考核结果一览表'))).toBe(true);
    const imprint = lines.find((l) => l.text.endsWith('2027年1月5日印发'));
    expect(imprint?.page).toBe(pages);
    expect(imprint?.text.startsWith(ORGAN)).toBe(true);
    // Its line sits at the foot of the type area (the last rule coincides with the type area's bottom edge).
    expect((TYPE_BOTTOM - (imprint?.yMax ?? 0)) / MM).toBeLessThan(6);
  });

  it('declares fallbacks for the fonts of 公文 and says who wrote it', async () => {
    const zip = await JSZip.loadAsync(docx);
    const fonts = (await zip.file('word/fontTable.xml')?.async('string')) ?? '';
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>');
    const core = (await zip.file('docProps/core.xml')?.async('string')) ?? '';
    expect(core).toContain(`<cp:lastModifiedBy>${ORGAN}</cp:lastModifiedBy>`);
    expect(core).toContain('<dc:title>关于2026年度全县实绩考核结果的通报</dc:title>');
    expect(core).toContain('<dc:subject>青考核办〔2027〕3号</dc:subject>');
  });
});
