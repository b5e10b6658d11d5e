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
  return openDatabase({
    kind: 'postgres',
    url: opts.asOwner && owner ? owner : config.databaseUrl,
    poolSize: config.databasePoolSize,
    ...(owner ? { ownerUrl: owner } : {}),
  });
}

export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `PGlite（嵌入式 PostgreSQL）${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
