import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { DEMO_PASSWORD } from './api';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Flags for a closed network: without the background-networking ones Chromium keeps dialling out.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Playwright gives each launch a fresh temporary profile, so no --user-data-dir is passed. */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/**
 * One browser for a test file: launched before its tests and closed after them. Call it at the file's top level;
 * it returns a getter for the launched browser (`newPage(browser())`).
 */
export function browserPerFile(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());
  return () => {
    if (!browser) throw new Error('the browser is launched in beforeAll');
    return browser;
  };
}

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

export async function newPage(browser: Browser, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  return { context, page };
}

/** Fills in and submits the sign-in form; does not wait for what opens next. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${inject('baseUrl')}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Signs in with the demo password and waits for the overview page. */
export async function login(page: Page, username: string): Promise<void> {
  await signIn(page, username);
  await page.getByTestId('overview-page').waitFor();
}

/** Saves a screenshot under screenshots/ (git-ignored) so a person can look at what the test saw. */
export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  const dir = path.resolve(import.meta.dirname, '../screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage });
}

/** The office opens a new draft of `year` on the schemes page: a copy of a published year's scheme, or empty. */
export async function createSchemeDraft(page: Page, year: number, copyOf: string | null): Promise<void> {
  await page.goto(`${inject('baseUrl')}/schemes`);
  await page.getByTestId('scheme-create').click();
  await page.getByTestId('scheme-form').waitFor();
  const field = page.getByTestId('scheme-form-year');
  await field.click();
  await field.fill(String(year));
  if (copyOf) await pickOption(page, 'scheme-form-copy', copyOf);
  else await page.getByTestId('scheme-form-source').getByText('空白方案').click();
  await page.getByTestId('scheme-form-ok').click();
  await page.getByTestId('scheme-editor').waitFor();
}

/**
 * Removes a group from the open scheme draft: its tab, 移除此类别, the confirmation. Each step waits for the one before
 * to be over — the confirmation's closing animation leaves its 确定 in the page for a moment, and a click on that old
 * button (its handler holding the document from before) would undo nothing and remove nothing.
 */
export async function removeSchemeGroup(page: Page, code: string): Promise<void> {
  const ok = page.getByTestId('scheme-group-remove-ok');
  await ok.waitFor({ state: 'detached' });
  await page.getByTestId(`scheme-tab-${code}`).click();
  await page.getByTestId(`scheme-group-remove-${code}`).click();
  await ok.waitFor({ state: 'visible' });
  await ok.click();
  await ok.waitFor({ state: 'detached' });
  await page.getByTestId(`scheme-tab-${code}`).waitFor({ state: 'detached' });
}

/**
 * Confirms an Excel import's preview and waits for the server's answer to the import itself — a failure names its
 * status and body — then for the dialog saying what it did. An import that validates a scheme is long work on a
 * loaded runner (CI once took more than 20 s), so it gets the compute wait.
 */
export async function confirmImport(page: Page, kind: string): Promise<void> {
  const [res] = await Promise.all([
    page.waitForResponse(
      (r) => {
        if (r.request().method() !== 'POST') return false;
        const url = new URL(r.url());
        return url.pathname === `/api/excel/${kind}` && !url.searchParams.has('dryRun');
      },
      { timeout: COMPUTE_TIMEOUT },
    ),
    page.getByTestId('excel-preview-confirm').click(),
  ]);
  if (!res.ok()) throw new Error(`importing ${kind} answered ${res.status()}: ${await res.text()}`);
  await page.getByTestId('excel-done-ok').waitFor({ timeout: COMPUTE_TIMEOUT });
}

/**
 * Computing a year is long work: seconds on a quiet machine, several times that on a loaded CI runner (a 2019 demo
 * computation with its thousands of blockers once took more than 20 s there). Its answer gets a wait of its own, and a
 * test that computes gets a test timeout of its own (COMPUTE_TEST_TIMEOUT).
 */
export const COMPUTE_TIMEOUT = 120_000;
export const COMPUTE_TEST_TIMEOUT = 300_000;

/**
 * Clicks 计算 on the results page for `year` and waits for the server's answer (a failure names its status and body,
 * rather than a missing text 20 s later), then for what the page shows of it.
 */
export async function computeYear(page: Page, year: number, answer: Locator): Promise<void> {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/results/${year}/compute`), {
      timeout: COMPUTE_TIMEOUT,
    }),
    page.getByTestId('results-compute').click(),
  ]);
  if (!res.ok()) throw new Error(`computing ${year} answered ${res.status()}: ${await res.text()}`);
  await answer.first().waitFor({ timeout: COMPUTE_TIMEOUT });
}

/** Opens an antd Select by its test id and picks the option with this label in the open dropdown. */
export async function pickOption(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page
    .locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${label}"]`)
    .last()
    .click();
  // a single select closes its list on a pick; wait so that the list does not cover the next field
  await page
    .locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${label}"]`)
    .last()
    .waitFor({ state: 'hidden', timeout: 5_000 })
    .catch(() => undefined);
}

/**
 * Picks until the pick stays: a page that sets a default when its data arrives (the results page's latest published
 * year, the editor's reference lists) may overwrite a pick made before; a user would pick again, so does this.
 */
export async function pickAndKeep(page: Page, testId: string, label: string | null, attempts = 3): Promise<void> {
  const select = page.getByTestId(testId);
  for (let i = 1; ; i++) {
    const want = label ?? (await pickFirstOption(page, testId));
    if (label !== null) await pickOption(page, testId, label);
    const kept = async () => want !== null && ((await select.textContent()) ?? '').includes(want);
    try {
      await expect.poll(kept, { timeout: 5_000 }).toBe(true);
      await page.waitForTimeout(500);
      if (await kept()) return;
    } catch (e) {
      if (i >= attempts) throw e;
    }
    if (i >= attempts) throw new Error(`the pick of ${want ?? 'the first option'} in ${testId} did not stay`);
  }
}

/** Opens an antd Select by its test id and picks the first option of the open dropdown. */
export async function pickFirstOption(page: Page, testId: string): Promise<string | null> {
  await page.getByTestId(testId).click();
  const first = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first();
  const label = await first.getAttribute('title');
  await first.click();
  // as pickOption: the list closes on a pick before the next field is used (a click while it fades is lost)
  if (label)
    await page
      .locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${label}"]`)
      .last()
      .waitFor({ state: 'hidden', timeout: 5_000 })
      .catch(() => undefined);
  return label;
}
