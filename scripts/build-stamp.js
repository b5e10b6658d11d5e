// What each build output is made from, and whether it is up to date. Plain Node, no dependencies: the
// `yardstick` command (bin/yardstick.js) asks it on every run, and `npm start` asks it before serving, on a
// machine that may have been installed with `npm ci --omit=dev` (no build tools).
//
// A build writes `<out>/.build-stamp.json`: the fingerprint (a SHA-256 of every input file's path and
// content) and the newest change time among the inputs. Freshness is checked in two steps: if no input
// changed after that time and none came or went, the output is fresh (a few hundred stats, a few ms);
// otherwise the inputs' contents are hashed and compared, so a touched but unchanged file costs no rebuild.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');

const SOURCE = /\.(ts|tsx|js|mjs|css|json|svg|png|ico|woff2?|html|txt)$/;
const TEST = /\.(test|spec)\.tsx?$/;

/** The three outputs: where they go and what they are built from (paths relative to the repository). */
export const TARGETS = {
  engine: {
    out: 'packages/engine/dist',
    inputs: ['packages/engine/src', 'packages/engine/package.json', 'scripts/build.js'],
  },
  server: {
    out: 'packages/server/dist',
    inputs: ['packages/server/src', 'packages/server/package.json', 'package.json', 'scripts/build.js'],
  },
  web: {
    out: 'packages/web/dist',
    // The web bundles the engine (and takes types from the server, which leave nothing in the bundle).
    inputs: [
      'packages/web/src',
      'packages/web/public',
      'packages/web/index.html',
      'packages/web/vite.config.ts',
      'packages/web/package.json',
      'packages/engine/src',
      'packages/engine/package.json',
    ],
  },
};

function walk(abs, rel, files) {
  let st;
  try {
    st = fs.statSync(abs);
  } catch {
    return;
  }
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(abs).sort()) walk(path.join(abs, name), `${rel}/${name}`, files);
  } else if (SOURCE.test(rel) && !TEST.test(rel)) {
    files.push({ rel, abs, changed: Math.max(st.mtimeMs, st.ctimeMs) });
  }
}

/** The target's input files, in a stable order, with their last change time. */
export function inputFiles(name, root = ROOT) {
  const files = [];
  for (const rel of TARGETS[name].inputs) walk(path.join(root, rel), rel, files);
  return files;
}

export function fingerprint(files) {
  const hash = crypto.createHash('sha256');
  for (const f of files) hash.update(`${f.rel}\0`).update(fs.readFileSync(f.abs)).update('\0');
  return hash.digest('hex');
}

export function stampPath(name, root = ROOT) {
  return path.join(root, TARGETS[name].out, '.build-stamp.json');
}

export function readStamp(name, root = ROOT) {
  try {
    return JSON.parse(fs.readFileSync(stampPath(name, root), 'utf8'));
  } catch {
    return null;
  }
}

/** Whether the target's output exists and was built from the inputs as they are now. */
export function isFresh(name, root = ROOT) {
  const stamp = readStamp(name, root);
  if (!stamp) return false;
  const files = inputFiles(name, root);
  const newest = Math.max(0, ...files.map((f) => f.changed));
  if (files.length === stamp.count && newest <= stamp.newest) return true;
  return fingerprint(files) === stamp.fingerprint;
}

/** The stamp a build writes into its output, from the inputs read before it started. */
export function makeStamp(files) {
  return {
    fingerprint: fingerprint(files),
    count: files.length,
    newest: Math.max(0, ...files.map((f) => f.changed)),
    builtAt: new Date().toISOString(),
  };
}
