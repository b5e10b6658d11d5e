// `npm run build` / `npm start`: compiles the engine and the server to JavaScript (esbuild) and builds the web
// app (Vite), each into its package's dist/.
//
//   node scripts/build.js [engine|server|web …] [--if-changed]
//
// With no target, all three. `--if-changed` skips a target whose dist/ was built from its sources as they are
// (scripts/build-stamp.js): `npm start` passes it, so a start after no change builds nothing and needs no
// build tools (`npm ci --omit=dev`). A target another target needs (the engine, for the web app) is rebuilt
// first when it is out of date.
//
// Two builds never write one folder at once: each target is built under a lock (a directory created
// atomically, holding the builder's pid; a dead holder's lock is taken over) into a temporary folder beside
// dist/, which then replaces dist/ by rename. Whoever waited for the lock finds dist/ fresh and builds nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT, TARGETS, inputFiles, isFresh, makeStamp } from './build-stamp.js';

const ORDER = ['engine', 'server', 'web'];
const NEEDS = { engine: [], server: ['engine'], web: ['engine'] };

const log = (line) => process.stderr.write(`build: ${line}\n`);

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

async function withLock(dir, fn) {
  const lock = path.join(dir, '.build-lock');
  for (let waited = 0; ; waited += 250) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let holder = 0;
      let age = 0;
      try {
        age = Date.now() - fs.statSync(lock).mtimeMs;
        holder = Number.parseInt(fs.readFileSync(path.join(lock, 'pid'), 'utf8'), 10) || 0;
      } catch {
        /* released or being taken right now */
      }
      // A lock without a pid is being taken right now (or its taker died at once); one whose holder died is taken over.
      if ((holder && !alive(holder)) || (!holder && age > 30_000)) fs.rmSync(lock, { recursive: true, force: true });
      else if (waited === 0) log(`waiting for another build in ${path.relative(ROOT, dir)} (pid ${holder || '?'})`);
      if (waited > 15 * 60_000) throw new Error(`build lock ${lock} held for 15 minutes`);
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Runs `build(tmp)` into a fresh folder beside `out`, stamps it, then puts it in place of `out`. */
async function replaceDir(out, stamp, build) {
  const parent = path.dirname(out);
  // Leftovers of a build that died (we hold the lock: nobody else is writing them).
  for (const name of fs.readdirSync(parent))
    if (name.startsWith('.dist-tmp-') || name.startsWith('.dist-old-'))
      fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  const tmp = path.join(parent, `.dist-tmp-${process.pid}`);
  const old = path.join(parent, `.dist-old-${process.pid}`);
  fs.mkdirSync(tmp);
  try {
    await build(tmp);
    fs.writeFileSync(path.join(tmp, '.build-stamp.json'), `${JSON.stringify(stamp, null, 2)}\n`);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  if (fs.existsSync(out)) fs.renameSync(out, old);
  fs.renameSync(tmp, out);
  fs.rmSync(old, { recursive: true, force: true });
}

async function loadEsbuild() {
  try {
    return await import('esbuild');
  } catch {
    throw new Error(
      'building needs the development tools (esbuild, vite): run `npm ci` without --omit=dev, then `npm run build`',
    );
  }
}

const BUILTINS = new Set(createRequire(import.meta.url)('node:module').builtinModules);
const packageName = (spec) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/** Every package the bundle imports at run time must be a dependency (not a devDependency) of its package. */
function checkRuntimeImports(metafile, pkgJson) {
  const deps = new Set(Object.keys(JSON.parse(fs.readFileSync(pkgJson, 'utf8')).dependencies ?? {}));
  const missing = new Set();
  for (const output of Object.values(metafile.outputs))
    for (const imp of output.imports)
      if (imp.external && !imp.path.startsWith('node:') && !BUILTINS.has(imp.path)) {
        const name = packageName(imp.path);
        if (!deps.has(name)) missing.add(name);
      }
  if (missing.size)
    throw new Error(`${path.relative(ROOT, pkgJson)}: imported at run time but not in "dependencies": ${[...missing]}`);
}

const esbuildCommon = {
  bundle: true,
  splitting: true,
  format: 'esm',
  // Packages stay imports (installed by npm, including @yardstick/engine's own dist/); our sources are bundled.
  packages: 'external',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
};

const BUILDERS = {
  async engine(tmp) {
    const esbuild = await loadEsbuild();
    const src = path.join(ROOT, 'packages/engine/src');
    const result = await esbuild.build({
      ...esbuildCommon,
      entryPoints: {
        index: path.join(src, 'index.ts'),
        'ballot-rules': path.join(src, 'ballot-rules.ts'),
        enums: path.join(src, 'enums.ts'),
        scale: path.join(src, 'scale.ts'),
      },
      outdir: tmp,
      // The engine is pure: no Node built-ins, the same code in the server and the browser.
      platform: 'neutral',
      target: 'es2022',
    });
    checkRuntimeImports(result.metafile, path.join(ROOT, 'packages/engine/package.json'));
  },
  async server(tmp) {
    const esbuild = await loadEsbuild();
    const src = path.join(ROOT, 'packages/server/src');
    const result = await esbuild.build({
      ...esbuildCommon,
      entryPoints: { cli: path.join(src, 'cli.ts') },
      outdir: tmp,
      platform: 'node',
      target: 'node20',
    });
    checkRuntimeImports(result.metafile, path.join(ROOT, 'packages/server/package.json'));
  },
  async web(tmp) {
    const webDir = path.join(ROOT, 'packages/web');
    let vite;
    try {
      vite = path.join(
        path.dirname(createRequire(path.join(webDir, 'package.json')).resolve('vite/package.json')),
        'bin/vite.js',
      );
    } catch {
      await loadEsbuild(); // the same message
      throw new Error('vite is not installed');
    }
    const r = spawnSync(process.execPath, [vite, 'build', '--outDir', tmp, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: webDir,
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error(`vite build failed (${r.status ?? r.signal})`);
  },
};

async function buildTarget(name, ifChanged) {
  const out = path.join(ROOT, TARGETS[name].out);
  const pkgDir = path.dirname(out);
  if (ifChanged && isFresh(name)) return;
  await withLock(pkgDir, async () => {
    // Whoever held the lock before us may have just built it.
    if (ifChanged && isFresh(name)) return;
    const started = Date.now();
    const stamp = makeStamp(inputFiles(name));
    await replaceDir(out, stamp, BUILDERS[name]);
    log(`${name} → ${TARGETS[name].out} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  });
}

const args = process.argv.slice(2);
const ifChanged = args.includes('--if-changed');
const asked = args.filter((a) => !a.startsWith('--'));
for (const a of asked) if (!ORDER.includes(a)) throw new Error(`unknown build target ${a} (${ORDER.join(', ')})`);
const wanted = asked.length ? asked : ORDER;
try {
  for (const name of ORDER) {
    if (wanted.includes(name)) await buildTarget(name, ifChanged);
    // What a wanted target needs is brought up to date, never rebuilt for nothing.
    else if (wanted.some((w) => NEEDS[w].includes(name))) await buildTarget(name, true);
  }
} catch (err) {
  log(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
}
