#!/usr/bin/env node
// Entry for `yardstick …` (npx yardstick, npm start). Runs the compiled CLI (packages/server/dist, built by
// `npm run build`) when it was built from the sources as they are now; otherwise — while developing — the
// TypeScript sources through tsx, a development tool that `npm ci --omit=dev` does not install.
// YARDSTICK_FROM_SOURCE=1 forces the sources. See docs/architecture.md, "Build and run".
import fs from 'node:fs';
import { register } from 'node:module';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Answered without loading the app (the CLI's VERSION is this same field).
  const { version } = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${version}\n`);
} else {
  const { isFresh } = await import('../scripts/build-stamp.js');
  if (process.env.YARDSTICK_FROM_SOURCE !== '1' && isFresh('engine') && isFresh('server')) {
    await import('../packages/server/dist/cli.js');
  } else {
    let tsx;
    try {
      tsx = await import('tsx/esm/api');
    } catch {
      process.stderr.write(
        'yardstick: the compiled app (packages/server/dist) is missing or older than its sources, and tsx (a development tool) is not installed.\n' +
          '编译产物缺失或早于源代码：请先运行 npm run build（需要开发依赖）。 Run `npm run build` first (needs the dev dependencies).\n',
      );
      process.exit(1);
    }
    tsx.register();
    // Workspace packages export their TypeScript sources under the "development" condition (dist/ otherwise).
    register(
      `data:text/javascript,${encodeURIComponent(
        'export const resolve = (s, c, next) => next(s, { ...c, conditions: [...c.conditions, "development"] });',
      )}`,
    );
    await import('../packages/server/src/cli.ts');
  }
}
