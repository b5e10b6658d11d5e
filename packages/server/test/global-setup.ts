import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../src/db/client';
import { TEMPLATE_FILE } from './paths';

/**
 * Migrates once: into PostgreSQL when TEST_DATABASE_URL is set, and into an in-memory PGlite whose data
 * directory is dumped to a file that every test file loads (initdb + migrations once, not per file) — also on a
 * PostgreSQL run, for the files that need a database of their own.
 */
export default async function setup() {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const handle = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
    await handle.migrate();
    await handle.close();
    // Some files need a database of their own (an empty one, a second server) on either run: they use PGlite.
  }
  const handle = await openDatabase({ kind: 'pglite-memory' });
  await handle.migrate();
  // Drizzle exposes the underlying PGlite client as $client; dump its data directory as the template.
  const client = (handle.db as unknown as { $client: PGlite }).$client;
  const blob = await client.dumpDataDir('none');
  fs.mkdirSync(path.dirname(TEMPLATE_FILE), { recursive: true });
  fs.writeFileSync(TEMPLATE_FILE, Buffer.from(await blob.arrayBuffer()));
  await handle.close();
}
