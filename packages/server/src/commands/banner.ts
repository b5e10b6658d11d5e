/**
 * The lines `serve` prints about counties and accounts. It lists only accounts that exist, prints the demo
 * password only for demo accounts in the demo county that still have it, and on an empty database says how
 * to create the first county (the CLI or the first-run page with its one-time setup token).
 */
import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client';
import { tenants, users } from '../db/schema';
import { verifyPassword } from '../modules/auth/passwords';
import { ROLE_NAMES } from '../modules/auth/roles';
import { listCounties } from '../modules/counties/service';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TENANT } from '../seed/demo-county';

/** The first-run page's token: SETUP_TOKEN when the operator sets one, else 24 random characters. */
export function newSetupToken(): string {
  return process.env.SETUP_TOKEN?.trim() || randomBytes(18).toString('base64url');
}

export async function bannerLines(db: Database, url: string, setupToken: string | null): Promise<string[]> {
  const counties = await listCounties(db);
  if (counties.length === 0) {
    return [
      '  尚无县区 / No county yet. 创建第一个县区 / Create the first county:',
      `    网页首次设置 / first-run page:  ${url}  设置口令 setup token: ${setupToken ?? '(未启用 disabled)'}`,
      '    或命令行 / or the CLI:           npx yardstick county create --code <code> --name <名称>',
    ];
  }
  const lines = [`  县区 Counties: ${counties.map((c) => `${c.name}(${c.code})`).join('、')}`];
  const demo = counties.find((c) => c.code === DEMO_TENANT.code);
  if (!demo) return lines;
  const shown = DEMO_ACCOUNTS.slice(0, 7);
  const rows = await db
    .select({ username: users.username, passwordHash: users.passwordHash, active: users.active })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(
      and(
        eq(tenants.code, DEMO_TENANT.code),
        inArray(
          users.username,
          shown.map((a) => a.username),
        ),
      ),
    );
  const byName = new Map(rows.map((r) => [r.username, r]));
  const present = shown.filter((a) => byName.get(a.username)?.active);
  if (present.length === 0) return lines;
  const stillDemo = await Promise.all(
    present.map((a) => verifyPassword(byName.get(a.username)?.passwordHash ?? '', DEMO_PASSWORD)),
  );
  const withDemo = present.filter((_, i) => stillDemo[i]);
  if (withDemo.length > 0) {
    lines.push(`  演示账号 Demo accounts (password ${DEMO_PASSWORD}):`);
    for (const a of withDemo) lines.push(`    ${a.username.padEnd(9)} ${ROLE_NAMES[a.role]['zh-CN']}（${a.note}）`);
  }
  const changed = present.filter((_, i) => !stillDemo[i]);
  if (changed.length > 0) {
    lines.push(
      `  演示县账号（密码已修改）/ demo accounts with a changed password: ${changed.map((a) => a.username).join(', ')}`,
    );
  }
  return lines;
}
