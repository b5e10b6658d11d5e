import type { Config } from './config';
import { openDatabase, type DbHandle } from './db/client';

/**
 * Opens the configured database: PostgreSQL when DATABASE_URL is set, else PGlite under DATA_DIR. With
 * DATABASE_OWNER_URL the migrations run as that owner role and DATABASE_URL is the runtime role; `asOwner` (the
 * operator's command line: restore, prune) connects as the owner for everything.
 */
export function openConfiguredDatabase(config: Config, opts: { asOwner?: boolean } = {}): Promise<DbHandle> {
  if (!config.databaseUrl) return openDatabase({ kind: 'pglite', dataDir: config.dataDir });
  const owner = config.databaseOwnerUrl;
  // The runtime role to grant is DATABASE_URL's user (also when the command line connects as the owner).
  const runtimeRole = decodeURIComponent(new URL(config.databaseUrl).username);
  return openDatabase({
    kind: 'postgres',
    url: opts.asOwner && owner ? owner : config.databaseUrl,
    poolSize: config.databasePoolSize,
    ...(owner ? { ownerUrl: owner } : {}),
    ...(owner && opts.asOwner && runtimeRole ? { runtimeRole } : {}),
  });
}

export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `PGlite（嵌入式 PostgreSQL）${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
