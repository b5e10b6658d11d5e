import { describe, expect, inject, it } from 'vitest';
import { browserPerFile, login, newPage, PHONE, pickOption, shot } from './browser';

const baseUrl = inject('baseUrl');
const browser = browserPerFile();

describe('the assessment office', () => {
  it('signs in, sees the overview with real figures, creates a unit and finds it in the list', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(baseUrl);
    await page.getByTestId('login-form').waitFor();
    await shot(page, 'login');
    await login(page, 'office');
    // The demo county's figures come from the API: 18 townships, 59 units.
    await expect.poll(() => page.getByTestId('stat-townships-value').textContent()).toBe('18');
    expect(await page.getByTestId('stat-units-value').textContent()).toBe('59');
    expect(await page.getByTestId('header-county').textContent()).toContain('示范县');
    await shot(page, 'overview-office');

    await page.goto(`${baseUrl}/units`);
    await page.getByTestId('units-table').waitFor();
    await page.getByText('城关镇').first().waitFor();
    await shot(page, 'units');
    await page.getByTestId('unit-create').click();
    await page.getByTestId('unit-form-code').fill('XZ19');
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
    await search.first().fill('凤凰');
    await search.first().press('Enter');
    await page.getByTestId('units-table').getByText('凤凰镇').waitFor();
    await page.getByTestId('units-table').getByText('XZ19').waitFor();
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
