/** `yardstick users …`: list, create and reset accounts as the operator. */
import type { Command } from 'commander';
import { and, asc, eq } from 'drizzle-orm';
import { units, users } from '../db/schema';
import { systemActor } from '../modules/auth/actor';
import { isRole } from '../modules/auth/roles';
import { CreateUser } from '../modules/users/schemas';
import { createUser, resetPassword } from '../modules/users/service';
import { tenantByCode, withDatabase } from './database';
import { out } from './output';

export function registerUsersCommands(program: Command): void {
  const usersCmd = program.command('users').description('manage accounts');
  usersCmd
    .command('list')
    .option('--tenant <code>', 'county code (default: the only county on this server)')
    .action((opts: { tenant?: string }) =>
      withDatabase(async (handle) => {
        const tenant = await tenantByCode(handle, opts.tenant);
        const rows = await handle.db
          .select({
            username: users.username,
            displayName: users.displayName,
            role: users.role,
            active: users.active,
            unit: units.name,
          })
          .from(users)
          .leftJoin(units, eq(units.id, users.unitId))
          .where(eq(users.tenantId, tenant.id))
          .orderBy(asc(users.role), asc(users.username));
        for (const r of rows) {
          out(
            `${r.username.padEnd(16)} ${r.role.padEnd(9)} ${r.active ? '启用' : '停用'}  ${r.displayName}  ${r.unit ?? ''}`,
          );
        }
      }),
    );
  usersCmd
    .command('create')
    .requiredOption('--username <name>')
    .requiredOption('--display-name <name>')
    .requiredOption('--role <role>')
    .requiredOption('--password <password>')
    .option('--unit <code>', 'unit code, for unit and assessor accounts')
    .option('--tenant <code>', 'county code (default: the only county on this server)')
    .action(
      (opts: {
        username: string;
        displayName: string;
        role: string;
        password: string;
        unit?: string;
        tenant?: string;
      }) =>
        withDatabase(async (handle) => {
          const tenant = await tenantByCode(handle, opts.tenant);
          const unitId = opts.unit
            ? (
                await handle.db
                  .select({ id: units.id })
                  .from(units)
                  .where(and(eq(units.tenantId, tenant.id), eq(units.code, opts.unit)))
              )[0]?.id
            : null;
          if (opts.unit && !unitId) throw new Error(`单位编码 ${opts.unit} 不存在 / no unit ${opts.unit}`);
          const input = CreateUser.parse({
            username: opts.username,
            displayName: opts.displayName,
            role: opts.role,
            unitId,
            password: opts.password,
          });
          // The CLI is operator-level (it holds the database): no security-administrator confirmation (docs/security.md).
          const created = await createUser(handle.db, systemActor(tenant.id, tenant.name), input, 'operator');
          out(`已创建账号 / created: ${created.username} (${created.role})`);
        }),
    );
  usersCmd
    .command('reset-password <username>')
    .requiredOption('--password <password>')
    .option('--tenant <code>', 'county code (default: the only county on this server)')
    .action((username: string, opts: { password: string; tenant?: string }) =>
      withDatabase(async (handle) => {
        const tenant = await tenantByCode(handle, opts.tenant);
        const rows = await handle.db
          .select({ id: users.id, role: users.role })
          .from(users)
          .where(and(eq(users.tenantId, tenant.id), eq(users.username, username)));
        const target = rows[0];
        if (!target || !isRole(target.role)) throw new Error(`账号 ${username} 不存在 / no such account`);
        // The CLI is the operator's recovery path, so it acts as the account itself and may reset any role.
        const actor = { ...systemActor(tenant.id, tenant.name), userId: target.id };
        await resetPassword(handle.db, actor, target.id, CreateUser.shape.password.parse(opts.password), 'operator');
        out(`已重置密码 / password reset: ${username}`);
      }),
    );
}
