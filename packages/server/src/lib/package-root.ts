import fs from 'node:fs';
import path from 'node:path';

/**
 * The server package's folder (the one holding its package.json), found from this module's own location, so
 * that the files read at run time (drizzle/ migrations, the web app's dist/, the engine's package.json) are
 * found alike from the TypeScript sources (src/lib/, under tsx and vitest) and from the compiled bundle (dist/).
 */
export function packageRootFrom(dir: string): string {
  for (let here = dir; ; here = path.dirname(here)) {
    if (fs.existsSync(path.join(here, 'package.json'))) return here;
    if (path.dirname(here) === here) throw new Error(`no package.json above ${dir}`);
  }
}

export const SERVER_ROOT = packageRootFrom(import.meta.dirname);
