import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiSession } from './api';
import { browserPerFile, login, newPage, PHONE, pickOption, shot } from './browser';

const baseUrl = inject('baseUrl');
const browser = browserPerFile();

// The unit this file creates: a code of its own, and deactivated again afterwards, so the demo county other files
// read (the townships of a ballot, the members of a year's results) is as it was.
const NEW_CODE = `XZT${Date.now().toString(36).toUpperCase()}`;

afterAll(async () => {
  const office = await apiSession(baseUrl, 'office');
  const found = (await (await office('GET', `/units?q=${NEW_CODE}`)).json()) as {
    items: { id: string; code: string; version: number; active: boolean }[];
  };
  const unit = found.items.find((u) => u.code === NEW_CODE);
  if (!unit?.active) return;
  const res = await office('PATCH', `/units/${unit.id}`, { version: unit.version, active: false });
  expect(res.status).toBe(200);
});

/** The county's active units, as the API counts them. */
async function activeUnits(kind?: 'township'): Promise<number> {
  const office = await apiSession(baseUrl, 'office');
  const res = await office('GET', `/units?active=true&pageSize=1${kind ? `&kind=${kind}` : ''}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { total: number }).total;
}

describe('the assessment office', () => {
  it('signs in, sees the overview with real figures, creates a unit and finds it in the list', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(baseUrl);
    await page.getByTestId('login-form').waitFor();
    await shot(page, 'login');
    // The overview's figures are the county's active units as the units API counts them (18 townships and 59 units
    // in the bare demo; another file may have added its own).
    const townships = await activeUnits('township');
    const all = await activeUnits();
    expect(townships).toBeGreaterThanOrEqual(18);
    expect(all).toBeGreaterThanOrEqual(59);
    await login(page, 'office');
    await expect.poll(() => page.getByTestId('stat-townships-value').textContent()).toBe(String(townships));
    expect(await page.getByTestId('stat-units-value').textContent()).toBe(String(all));
    expect(await page.getByTestId('header-county').textContent()).toContain('示范县');
    await shot(page, 'overview-office');

    await page.goto(`${baseUrl}/units`);
    await page.getByTestId('units-table').waitFor();
    await page.getByText('城关镇').first().waitFor();
    await shot(page, 'units');
    await page.getByTestId('unit-create').click();
    await page.getByTestId('unit-form-code').fill(NEW_CODE);
    await page.getByTestId('unit-form-name').fill('凤凰镇');
    await pickOption(page, 'unit-form-kind', '乡镇');
    await pickOption(page, 'unit-form-group', '乡镇');
    await page.getByTestId('unit-form-contactName').fill('马晓东');
    await page.getByTestId('unit-form-contactPhone').fill('0371-65220001');
    await page.getByTestId('unit-form-ok').click();
    await page.getByTestId('unit-form').waitFor({ state: 'hidden' });
    const search = page
      .getByTestId('units-search')
      .locator('input')
      .or(page.locator('input[data-testid="units-search"]'));
    await search.first().fill(NEW_CODE);
    await search.first().press('Enter');
    const row = page.getByTestId('units-table').locator('tr', { hasText: NEW_CODE });
    await row.getByText('凤凰镇').waitFor();
    // The overview counts it: one township more.
    await page.goto(baseUrl);
    await expect.poll(() => page.getByTestId('stat-townships-value').textContent()).toBe(String(townships + 1));
    await context.close();
  });

  it("sees the server's validation message on the field when a unit code is taken", async () => {
    const { context, page } = await newPage(browser());
    await login(page, 'office');
    await page.goto(`${baseUrl}/units`);
    await page.getByTestId('unit-create').click();
    await page.getByTestId('unit-form-code').fill('XZ01');
    await page.getByTestId('unit-form-name').fill('重复编码镇');
    await pickOption(page, 'unit-form-kind', '乡镇');
    await pickOption(page, 'unit-form-group', '乡镇');
    await page.getByTestId('unit-form-ok').click();
    await page.getByText('单位编码“XZ01”已被使用').first().waitFor();
    await context.close();
  });
});

describe('an assessed unit', () => {
  it('is refused the users page, and sees its own unit on a phone', async () => {
    const { context, page } = await newPage(browser(), PHONE);
    await login(page, 'unit');
    await page.getByTestId('overview-my-unit').getByText('城关镇').first().waitFor();
    await shot(page, 'overview-unit-phone');
    await page.goto(`${baseUrl}/users`);
    await page.getByTestId('forbidden-result').waitFor();
    expect(await page.getByTestId('forbidden-result').textContent()).toContain('无权访问');
    await shot(page, 'forbidden-unit-phone');
    await context.close();
  });
});

describe('the system administrator', () => {
  it('sees the accounts of the county', async () => {
    const { context, page } = await newPage(browser());
    await login(page, 'sysadmin');
    await page.goto(`${baseUrl}/users`);
    await page.getByTestId('users-table').getByText('office', { exact: true }).waitFor();
    await shot(page, 'users');
    await context.close();
  });
});
