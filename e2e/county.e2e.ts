import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { apiSession } from './api';
import {
  browserPerFile,
  COMPUTE_TEST_TIMEOUT,
  computeYear,
  confirmImport,
  newPage,
  pickOption,
  PHONE,
  shot,
} from './browser';
import type { Page } from 'playwright-core';

/**
 * A county from zero (issue 15): a server of its own on an empty database with SEED_DEMO=false. The first-run page
 * creates the county and its three administrators; each signs in and must change the password first.
 */
const root = path.resolve(import.meta.dirname, '..');
const browser = browserPerFile();
const TOKEN = `e2e-setup-${Date.now().toString(36)}`;
const INITIAL = 'Initial#Qs2026';
const ADMINS = [
  { role: 'sysadmin', username: 'qingshan.sysadmin', name: '赵系统' },
  { role: 'secadmin', username: 'qingshan.secadmin', name: '钱安全' },
  { role: 'auditor', username: 'qingshan.auditor', name: '孙审计' },
] as const;

let child: ChildProcess;
let dataDir: string;
let baseUrl: string;
let output = '';
const CHANGED = 'Changed#Qs2026x';
const OFFICE = { username: 'qs.office', password: 'Office#Qs2026b' };
const GROUPS = [
  { code: 'XZ', name: '乡镇组', kind: '乡镇' },
  { code: 'BM', name: '部门组', kind: '县直部门' },
] as const;
const TOWNSHIPS = ['青山镇', '白水镇', '石门乡', '云岭乡', '河口镇', '松林乡'];
const DEPARTMENTS = ['县发展和改革局', '县财政局', '县教育局', '县卫生健康局', '县交通运输局', '县自然资源局'];
const UNITS = [
  ...TOWNSHIPS.map((name, i) => ({ code: `QS-XZ${String(i + 1).padStart(2, '0')}`, name, kind: '乡镇', group: 'XZ' })),
  ...DEPARTMENTS.map((name, i) => ({
    code: `QS-BM${String(i + 1).padStart(2, '0')}`,
    name,
    kind: '县直部门',
    group: 'BM',
  })),
];
const ASSESSOR = { username: 'qs.fgj', name: '吴发改', unit: '县发展和改革局', password: 'Assessor#Qs2026' };
const YEAR = 2026;
/**
 * The small scheme: one block and one leaf per group, each assessed by 县发展和改革局 (QS-BM01), 完成率 of 100; the
 * townships' leaf has a process node (三季度, 75% expected by 30 September).
 */
const INDICATORS = [
  { group: 'XZ', id: 'qs-xz-project', name: '重点项目投资完成率', nodes: `q3:${2026}-09-30:75:三季度` },
  { group: 'BM', id: 'qs-bm-service', name: '重点工作任务完成率', nodes: '' },
];
const LEADER = { username: 'qs.leader', name: '冯县长', password: 'Leader#Qs2026' };
const UNIT_USER = { username: 'qs.qingshanzhen', name: '郑青山', unit: '青山镇', password: 'Unit#Qs2026x' };

/** A sheet as offices make it: an optional merged title row above the header, then the rows. */
async function workbook(file: string, title: string | null, header: string[], rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  if (title) {
    ws.addRow([title]);
    ws.mergeCells(1, 1, 1, header.length);
  }
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
  return file;
}

/** Fills in and submits the sign-in form of this file's own server; does not wait for what opens next. */
async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Signs in and waits until the sign-in page is left. */
async function enter(page: Page, username: string, password: string): Promise<void> {
  await signIn(page, username, password);
  await page.waitForURL((u) => u.pathname !== '/login');
}

/** Changes a first password on the forced page (an account the system administrator just created). */
async function changeFirstPassword(page: Page, from: string, to: string): Promise<void> {
  await page.getByTestId('must-change').waitFor();
  await page.getByTestId('current-password').fill(from);
  await page.getByTestId('new-password').fill(to);
  await page.getByTestId('confirm-password').fill(to);
  await page.getByTestId('change-password').click();
  await page.getByTestId('must-change').waitFor({ state: 'detached' });
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yardstick-e2e-county-'));
  const port = 4000 + Math.floor(Math.random() * 800);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    SETUP_TOKEN: TOKEN,
    LOGIN_RATE_LIMIT: '1000',
  };
  delete env.DATABASE_URL;
  delete env.DATABASE_OWNER_URL;
  child = spawn(process.execPath, [path.join(root, 'bin/yardstick.js'), 'serve'], { cwd: root, env });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok && output.includes('Yardstick')) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}, 180_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a county from zero', () => {
  it('the banner lists no demo account and says how to create the first county, with the setup token', () => {
    expect(output).not.toContain('Yardstick@2019');
    expect(output).not.toContain('演示账号');
    expect(output).toContain('yardstick county create');
    expect(output).toContain(TOKEN);
  });

  it('the sign-in page gives way to the first-run page, on a phone too', async () => {
    const phone = await newPage(browser(), PHONE);
    await phone.page.goto(baseUrl);
    await phone.page.getByTestId('setup-page').waitFor();
    expect(new URL(phone.page.url()).pathname).toBe('/setup');
    await shot(phone.page, 'county-setup-phone');
    await phone.context.close();
  });

  it('the first-run page creates the county and its three administrators (wrong token refused)', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('setup-page').waitFor();
    await page.getByTestId('setup-token').fill('wrong-token');
    await page.getByTestId('setup-name').fill('青山县');
    await page.getByTestId('setup-code').fill('qingshan');
    await page.getByTestId('setup-pattern').fill('青考核办〔{year}〕{n}号');
    for (const a of ADMINS) {
      // The usernames follow the code.
      expect(await page.getByTestId(`setup-${a.role}-username`).inputValue()).toBe(a.username);
      await page.getByTestId(`setup-${a.role}-name`).fill(a.name);
      await page.getByTestId(`setup-${a.role}-password`).fill(INITIAL);
      await page.getByTestId(`setup-${a.role}-confirm`).fill(INITIAL);
    }
    await shot(page, 'county-setup-desktop');
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('setup-error').waitFor();
    expect(await page.getByTestId('setup-error').innerText()).toContain('设置口令');
    await page.getByTestId('setup-token').fill(TOKEN);
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('setup-done').waitFor();
    const done = await page.getByTestId('setup-done').innerText();
    for (const a of ADMINS) expect(done).toContain(a.username);
    expect(done).toContain('中共青山县委考核工作领导小组办公室');
    await shot(page, 'county-setup-done');
    await page.getByTestId('setup-to-login').click();
    await page.getByTestId('login-form').waitFor();
    await context.close();
    // Closed for good.
    const again = await fetch(`${baseUrl}/api/setup/status`);
    expect(await again.json()).toEqual({ needsSetup: false });
  });

  it('each administrator signs in and must change the password first', async () => {
    for (const a of ADMINS) {
      const { context, page } = await newPage(browser());
      await page.goto(`${baseUrl}/login`);
      await page.getByTestId('login-username').fill(a.username);
      await page.getByTestId('login-password').fill(INITIAL);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('must-change').waitFor();
      expect(new URL(page.url()).pathname).toBe('/account');
      await page.getByTestId('current-password').fill(INITIAL);
      await page.getByTestId('new-password').fill('Changed#Qs2026x');
      await page.getByTestId('confirm-password').fill('Changed#Qs2026x');
      await page.getByTestId('change-password').click();
      await page.getByTestId('must-change').waitFor({ state: 'detached' });
      await context.close();
    }
  });

  it('the system administrator creates the office account, the security administrator confirms it, the office signs in', async () => {
    const sys = await newPage(browser());
    await signIn(sys.page, 'qingshan.sysadmin', CHANGED);
    await sys.page.waitForURL((u) => u.pathname !== '/login');
    await sys.page.goto(`${baseUrl}/users`);
    await sys.page.getByTestId('users-page').waitFor();
    await sys.page.getByTestId('user-create').click();
    await sys.page.getByTestId('user-form-username').fill('qs.office');
    await sys.page.getByTestId('user-form-displayName').fill('周考核');
    await pickOption(sys.page, 'user-form-role', '考核办');
    await sys.page.getByTestId('user-form-password').fill('Office#Qs2026');
    await sys.page.getByTestId('user-form-ok').click();
    await sys.page.getByTestId('user-edit-qs.office').waitFor();
    await sys.context.close();

    const sec = await newPage(browser());
    await signIn(sec.page, 'qingshan.secadmin', CHANGED);
    await sec.page.waitForURL((u) => u.pathname !== '/login');
    await sec.page.goto(`${baseUrl}/account`);
    await sec.page.getByTestId('request-confirm-qs.office').click();
    await sec.page.getByTestId('request-confirm-qs.office').waitFor({ state: 'detached' });
    await sec.context.close();

    const office = await newPage(browser());
    await signIn(office.page, 'qs.office', 'Office#Qs2026');
    await office.page.getByTestId('must-change').waitFor();
    await office.page.getByTestId('current-password').fill('Office#Qs2026');
    await office.page.getByTestId('new-password').fill('Office#Qs2026b');
    await office.page.getByTestId('confirm-password').fill('Office#Qs2026b');
    await office.page.getByTestId('change-password').click();
    await office.page.getByTestId('must-change').waitFor({ state: 'detached' });
    await office.page.goto(baseUrl);
    await office.page.getByTestId('overview-page').waitFor();
    expect(await office.page.locator('body').innerText()).toContain('青山县');
    expect(await office.page.locator('body').innerText()).not.toContain('示范县');
    await shot(office.page, 'county-office-overview');
    await office.context.close();
  });

  it(
    'the office imports 2 groups and 12 units from Excel on the units page',
    async () => {
      const files = path.join(dataDir, 'e2e-files');
      fs.mkdirSync(files, { recursive: true });
      const { context, page } = await newPage(browser());
      page.setDefaultTimeout(20_000);
      await enter(page, OFFICE.username, OFFICE.password);
      await page.goto(`${baseUrl}/units`);
      await page.getByTestId('units-page').waitFor();

      // 考核类别 drawer → 导入
      await page.getByTestId('groups-open').click();
      const groupsFile = await workbook(
        path.join(files, 'groups.xlsx'),
        null,
        ['类别编码', '类别名称', '单位类型', '排序'],
        GROUPS.map((g, i) => [g.code, g.name, g.kind, (i + 1) * 10]),
      );
      await page.getByTestId('excel-file-groups').setInputFiles(groupsFile);
      // Every import is previewed (the rows it would create), confirmed, then answered with what it did.
      await confirmImport(page, 'groups');
      await page.getByTestId('excel-done-ok').click();
      for (const g of GROUPS) await page.getByTestId('groups-table').getByText(g.name).waitFor();
      await shot(page, 'county-groups-imported', false);
      // Closed by a click beside it (Escape is lost when the focus stayed on the hidden file input).
      await page.locator('.ant-drawer-mask').click({ position: { x: 40, y: 450 } });
      await page.getByTestId('groups-panel').waitFor({ state: 'hidden' });

      // The units, as the office's own list: a merged title row above the header.
      const titled = await workbook(
        path.join(files, 'units.xlsx'),
        '青山县2026年度考核对象名单',
        ['单位编码', '单位名称', '单位类型', '考核类别'],
        UNITS.map((u) => [u.code, u.name, u.kind, u.group]),
      );
      const table = page.getByTestId('units-table');
      await page.getByTestId('excel-file-units').setInputFiles(titled);
      // Imported as it is: the header is found below the title row (docs/schemes.md "Reading rules").
      expect(await page.getByTestId('excel-count-created').textContent()).toBe(`${UNITS.length} 行`);
      await confirmImport(page, 'units');
      await page.getByTestId('excel-done-ok').click();
      await table.getByText('松林乡').waitFor();
      expect(await page.getByTestId('excel-rejected').isVisible()).toBe(false);
      for (const name of [...TOWNSHIPS, ...DEPARTMENTS]) await table.getByText(name, { exact: true }).first().waitFor();
      await shot(page, 'county-units-imported');
      await context.close();

      // Checked over the API: 12 units in the two groups, nothing else.
      const office = await apiSession(baseUrl, OFFICE.username, OFFICE.password);
      const units = (await (await office('GET', '/units?pageSize=100')).json()) as { items: { code: string }[] };
      expect(units.items.map((u) => u.code).sort()).toEqual(UNITS.map((u) => u.code).sort());
      const groups = (await (await office('GET', '/groups')).json()) as {
        items: { code: string; unitCount: number }[];
      };
      expect(groups.items.map((g) => [g.code, g.unitCount])).toEqual([
        ['XZ', 6],
        ['BM', 6],
      ]);
    },
    COMPUTE_TEST_TIMEOUT,
  );

  it('the system administrator creates an assessor and a unit account, the security administrator confirms them', async () => {
    const sys = await newPage(browser());
    sys.page.setDefaultTimeout(20_000);
    await enter(sys.page, 'qingshan.sysadmin', CHANGED);
    await sys.page.goto(`${baseUrl}/users`);
    await sys.page.getByTestId('users-page').waitFor();
    for (const [u, role] of [
      [ASSESSOR, '考核主体'],
      [UNIT_USER, '被考核单位'],
    ] as const) {
      await sys.page.getByTestId('user-create').click();
      await sys.page.getByTestId('user-form-username').fill(u.username);
      await sys.page.getByTestId('user-form-displayName').fill(u.name);
      await pickOption(sys.page, 'user-form-role', role);
      await pickOption(sys.page, 'user-form-unit', u.unit);
      await sys.page.getByTestId('user-form-password').fill(u.password);
      await sys.page.getByTestId('user-form-ok').click();
      await sys.page.getByTestId(`user-edit-${u.username}`).waitFor();
    }
    await shot(sys.page, 'county-users-pending', false);
    await sys.context.close();

    const sec = await newPage(browser());
    sec.page.setDefaultTimeout(20_000);
    await enter(sec.page, 'qingshan.secadmin', CHANGED);
    await sec.page.goto(`${baseUrl}/account`);
    for (const u of [ASSESSOR, UNIT_USER]) {
      await sec.page.getByTestId(`request-confirm-${u.username}`).click();
      await sec.page.getByTestId(`request-confirm-${u.username}`).waitFor({ state: 'detached' });
    }
    await sec.context.close();

    for (const u of [ASSESSOR, UNIT_USER]) {
      const { context, page } = await newPage(browser());
      await signIn(page, u.username, u.password);
      await changeFirstPassword(page, u.password, `${u.password}b`);
      await page.goto(baseUrl);
      await expect.poll(() => page.locator('body').innerText(), { timeout: 20_000 }).toContain(u.unit);
      await context.close();
    }
  });

  it(
    'the office builds the year’s scheme from the template, adds a group, fills it from Excel and publishes it',
    async () => {
      // 从模板新建 (issue 15): the template ships with the product (this database never had the demo). Each template
      // group is mapped by the office — nothing is preselected — onto the county's own groups or dropped; the
      // departments' group is then added in the editor (a county group the draft does not have yet), and the
      // indicators are trimmed and filled with the editor's Excel import, which is what an office with its own list does.
      const { context, page } = await newPage(browser());
      page.setDefaultTimeout(20_000);
      await enter(page, OFFICE.username, OFFICE.password);
      await page.goto(`${baseUrl}/schemes`);
      await page.getByTestId('schemes-page').waitFor();
      await page.getByTestId('scheme-from-template').click();
      await page.getByTestId('scheme-template-form').waitFor();
      await page.getByTestId('scheme-template-map').waitFor();
      await page.getByTestId('scheme-template-year').click();
      await page.getByTestId('scheme-template-year').fill(String(YEAR));
      await page.getByTestId('scheme-template-name').fill(`青山县${YEAR}年度实绩考核方案`);
      // Without a choice for every template group the form refuses, naming the group.
      await page.getByTestId('scheme-template-ok').click();
      await page.getByText('请为模板类别“乡镇”选择本县的考核类别，或选择“不使用”').waitFor();
      await pickOption(page, 'scheme-template-map-township', '乡镇组（XZ）');
      for (const g of ['party', 'government', 'vertical']) await pickOption(page, `scheme-template-map-${g}`, '不使用');
      // 青山县 runs no comprehensive evaluation its first year: the composite is the indicator score.
      await page.getByText('不设综合评价（综合得分只计指标得分）').click();
      await page.getByText('请选择是否保留模板的综合评价').waitFor({ state: 'detached' });
      await shot(page, 'county-scheme-template', false);
      await page.getByTestId('scheme-template-ok').click();
      await page.getByTestId('scheme-editor').waitFor();
      // The county's own group, not the demo's four.
      await page.getByTestId('scheme-tab-XZ').waitFor();
      expect(await page.getByTestId('scheme-tab-township').count()).toBe(0);
      expect(await page.getByTestId('scheme-tab-BM').count()).toBe(0);
      // The history says where the draft came from.
      await page.getByTestId('scheme-history').click();
      await page
        .getByTestId('scheme-history-drawer')
        .getByText(/依据模板「.+」新建：乡镇→乡镇组（XZ）.*不设综合评价/)
        .waitFor();
      await page.keyboard.press('Escape');
      await page.getByTestId('scheme-history-drawer').waitFor({ state: 'hidden' });

      // 添加考核类别: the departments' group joins the draft; saved before the Excel import reads the draft.
      await page.getByTestId('scheme-group-add').click();
      await pickOption(page, 'scheme-group-add-select', '部门组（BM）');
      await shot(page, 'county-scheme-add-group', false);
      await page.getByTestId('scheme-group-add-ok').click();
      await page.getByTestId('scheme-tab-BM').waitFor();
      await page.getByTestId('scheme-save').click();
      await page.getByTestId('scheme-save').and(page.locator('[disabled]')).waitFor();
      for (const g of GROUPS) await page.getByTestId(`scheme-tab-${g.code}`).waitFor();

      const file = await workbook(
        path.join(dataDir, 'e2e-files', 'indicators.xlsx'),
        null,
        [
          '组别',
          '板块',
          '指标编号',
          '指标名称',
          '分值',
          '评分方法',
          '方法参数',
          '考核主体',
          '数据来源',
          '佐证要求',
          '过程节点',
        ],
        INDICATORS.map((i) => [
          i.group,
          '重点工作',
          i.id,
          i.name,
          100,
          '完成率',
          '{"target": 100}',
          'QS-BM01',
          '县统计局年报',
          '不需要',
          i.nodes,
        ]),
      );
      await page.getByTestId('excel-file-indicators').setInputFiles(file);
      await confirmImport(page, 'indicators');
      await page
        .getByText(/导入成功/)
        .first()
        .waitFor();
      await page.getByTestId('excel-done-ok').click();
      await page.getByTestId('scheme-tab-XZ').click();
      await page.getByText('重点项目投资完成率').first().waitFor();
      await page.getByTestId('scheme-publish').click();
      await page.getByTestId('publish-note').fill('青山县首个年度方案');
      await page.getByTestId('publish-confirm').click();
      await page.getByTestId('scheme-readonly').waitFor();
      expect(await page.getByTestId('scheme-editor').textContent()).toContain('已发布 v1');
      // The report on screen is the published version's, not the template draft's before the import.
      await page.getByTestId('scheme-tab-validation').locator('.anticon-check-circle').waitFor();
      await page.locator('.ant-modal-confirm').waitFor({ state: 'detached' });
      await shot(page, 'county-scheme-published', false);
      await context.close();
    },
    COMPUTE_TEST_TIMEOUT,
  );

  it('青山镇 reports its process node and its year-end value, the assessor approves both', async () => {
    const unit = await newPage(browser(), PHONE);
    unit.page.setDefaultTimeout(20_000);
    await enter(unit.page, UNIT_USER.username, `${UNIT_USER.password}b`);
    await unit.page.goto(`${baseUrl}/reports`);
    // The node first (its progress, percent), then the year-end value.
    const node = unit.page.getByTestId('todo-qs-xz-project-q3');
    await node.click();
    await unit.page.getByTestId('report-progress').fill('80');
    await unit.page.getByTestId('report-narrative').fill('三季度完成投资 80%');
    await unit.page.getByTestId('report-submit').click();
    await node.getByTestId('status-submitted').waitFor();
    const card = unit.page.getByTestId('todo-qs-xz-project-year');
    await card.click();
    await unit.page.getByTestId('report-value').fill('95');
    await unit.page.getByTestId('report-narrative').fill('全年完成重点项目投资 95%');
    await unit.page.getByTestId('report-submit').click();
    await card.getByTestId('status-submitted').waitFor();
    await unit.page.locator('.ant-drawer-mask').waitFor({ state: 'hidden' });
    await shot(unit.page, 'county-unit-reported-phone', false);
    await unit.context.close();

    const a = await newPage(browser());
    a.page.setDefaultTimeout(20_000);
    await enter(a.page, ASSESSOR.username, `${ASSESSOR.password}b`);
    await a.page.goto(`${baseUrl}/verify`);
    const rows = a.page.locator('tr', { hasText: '重点项目投资完成率' }).filter({ hasText: '青山镇' });
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2); // the node and the year-end value
    await shot(a.page, 'county-assessor-verify', false);
    await rows.first().getByTestId('approve-QS-XZ01').click();
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().getByTestId('approve-QS-XZ01').click();
    await expect.poll(() => rows.count()).toBe(0);
    await a.context.close();

    const unitApi = await apiSession(baseUrl, UNIT_USER.username, `${UNIT_USER.password}b`);
    const todo = (await (await unitApi('GET', '/reports/todo')).json()) as {
      items: { indicatorId: string; nodeId: string; report: { status: string } | null }[];
    };
    for (const nodeId of ['q3', '']) {
      const cell = todo.items.find((c) => c.indicatorId === 'qs-xz-project' && c.nodeId === nodeId);
      expect(cell?.report?.status).toBe('approved');
    }
  });

  it(
    'the office computes, the county leader approves, the office publishes; the bulletin is 青山县’s own',
    async () => {
      // The other units' values: the office's batch entry on 审核评分 (pick the indicator and the node, upload the
      // 录入 Excel), entered as approved.
      const entry = await newPage(browser());
      entry.page.setDefaultTimeout(20_000);
      await enter(entry.page, OFFICE.username, OFFICE.password);
      await entry.page.goto(`${baseUrl}/verify`);
      const nodeSelect = entry.page
        .locator('.ant-space-item', { has: entry.page.getByTestId('filter-indicator') })
        .locator('xpath=following-sibling::div[1]')
        .locator('.ant-select');
      const cells = INDICATORS.flatMap((ind) => [
        { ind, node: '年终' },
        ...(ind.nodes ? [{ ind, node: '三季度（2026-09-30）' }] : []),
      ]);
      for (const [k, { ind, node }] of cells.entries()) {
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('Sheet1');
        ws.addRow(['单位编码', '单位名称', '完成值']);
        const others = UNITS.filter((u) => u.group === ind.group && u.code !== 'QS-XZ01');
        others.forEach((u, i) => ws.addRow([u.code, u.name, 80 + i * 3]));
        const file = path.join(dataDir, 'e2e-files', `entry-${k}.xlsx`);
        await wb.xlsx.writeFile(file);
        await pickOption(entry.page, 'filter-indicator', ind.name);
        await nodeSelect.click();
        await entry.page
          .locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${node}"]`)
          .last()
          .click();
        await entry.page.locator('input[type=file][accept=".xlsx"]').setInputFiles(file);
        await entry.page.getByText(`行并录入：新增 ${others.length}`).last().waitFor();
        await entry.page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
      }
      await entry.context.close();

      // The leader's account, created and confirmed like the others.
      const sys = await newPage(browser());
      sys.page.setDefaultTimeout(20_000);
      await enter(sys.page, 'qingshan.sysadmin', CHANGED);
      await sys.page.goto(`${baseUrl}/users`);
      await sys.page.getByTestId('user-create').click();
      await sys.page.getByTestId('user-form-username').fill(LEADER.username);
      await sys.page.getByTestId('user-form-displayName').fill(LEADER.name);
      await pickOption(sys.page, 'user-form-role', '县领导');
      await sys.page.getByTestId('user-form-password').fill(LEADER.password);
      await sys.page.getByTestId('user-form-ok').click();
      await sys.page.getByTestId(`user-edit-${LEADER.username}`).waitFor();
      await sys.context.close();
      const sec = await newPage(browser());
      await enter(sec.page, 'qingshan.secadmin', CHANGED);
      await sec.page.goto(`${baseUrl}/account`);
      await sec.page.getByTestId(`request-confirm-${LEADER.username}`).click();
      await sec.page.getByTestId(`request-confirm-${LEADER.username}`).waitFor({ state: 'detached' });
      await sec.context.close();

      // The office computes.
      const o = await newPage(browser());
      o.page.setDefaultTimeout(30_000);
      await enter(o.page, OFFICE.username, OFFICE.password);
      await o.page.goto(`${baseUrl}/results`);
      await pickOption(o.page, 'results-year', `${YEAR} 年度`);
      await computeYear(o.page, YEAR, o.page.getByText('已计算，无阻断问题'));
      await o.page.getByTestId('ranking-XZ').waitFor();
      expect(await o.page.getByTestId('ranking-XZ').textContent()).toContain('青山镇');
      await shot(o.page, 'county-results-computed');

      // The leader approves on the same page.
      const l = await newPage(browser());
      l.page.setDefaultTimeout(30_000);
      await signIn(l.page, LEADER.username, LEADER.password);
      await changeFirstPassword(l.page, LEADER.password, `${LEADER.password}b`);
      await l.page.goto(`${baseUrl}/results`);
      await pickOption(l.page, 'results-year', `${YEAR} 年度`);
      await l.page.getByTestId('results-approve').click();
      await l.page.locator('.ant-modal textarea').fill('同意');
      await l.page.locator('#results-approve-ok').click();
      await l.page.getByTestId('results-status').getByText('已审定').waitFor();
      await l.context.close();

      // The office publishes and downloads the bulletin.
      await o.page.reload();
      await pickOption(o.page, 'results-year', `${YEAR} 年度`);
      await o.page.getByTestId('results-publish').click();
      await o.page.locator('.ant-modal-confirm .ant-btn-primary').click();
      const [download] = await Promise.all([
        o.page.waitForEvent('download'),
        o.page.getByTestId('results-download-bulletin').click(),
      ]);
      expect(download.suggestedFilename()).toContain('.docx');
      const zip = await JSZip.loadAsync(fs.readFileSync(await download.path()));
      const text = ((await zip.file('word/document.xml')?.async('string')) ?? '').replace(/<[^>]+>/g, '');
      expect(text).toContain('中共青山县委考核工作领导小组办公室'); // red header and signature
      expect(text.split('中共青山县委考核工作领导小组办公室').length - 1).toBeGreaterThanOrEqual(2);
      expect(text).toMatch(/青考核办〔2026〕\d+号/);
      expect(text).toContain(`${YEAR}年度`);
      expect(text).not.toContain('示范县');
      await shot(o.page, 'county-results-published');
      await o.context.close();
    },
    COMPUTE_TEST_TIMEOUT,
  );
});
