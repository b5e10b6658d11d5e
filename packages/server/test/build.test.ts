import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputFiles, isFresh, makeStamp, stampPath } from '../../../scripts/build-stamp.js';
import { VERSION } from '../src/version';

const root = path.resolve(import.meta.dirname, '../../..');

describe('production build: freshness of a dist/ folder (scripts/build-stamp.js)', () => {
  const tree = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-stamp-'));
    fs.mkdirSync(path.join(dir, 'packages/engine/src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'packages/engine/package.json'), '{}');
    fs.writeFileSync(path.join(dir, 'packages/engine/src/a.ts'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(dir, 'packages/engine/src/a.test.ts'), 'test\n');
    return dir;
  };
  const build = (dir: string) => {
    const stamp = makeStamp(inputFiles('engine', dir));
    fs.mkdirSync(path.dirname(stampPath('engine', dir)), { recursive: true });
    fs.writeFileSync(stampPath('engine', dir), JSON.stringify(stamp));
  };
  const later = (file: string) => {
    const t = new Date(Date.now() + 5_000);
    fs.utimesSync(file, t, t);
  };

  it('is stale with no build, fresh after one, and stays fresh when a file is touched but not changed', () => {
    const dir = tree();
    expect(isFresh('engine', dir)).toBe(false);
    build(dir);
    expect(isFresh('engine', dir)).toBe(true);
    later(path.join(dir, 'packages/engine/src/a.ts'));
    expect(isFresh('engine', dir)).toBe(true);
  });

  it('is stale when a source changes, comes or goes; tests are not sources', () => {
    const dir = tree();
    build(dir);
    fs.writeFileSync(path.join(dir, 'packages/engine/src/a.test.ts'), 'another test\n');
    expect(isFresh('engine', dir)).toBe(true);
    fs.writeFileSync(path.join(dir, 'packages/engine/src/a.ts'), 'export const a = 2;\n');
    expect(isFresh('engine', dir)).toBe(false);
    build(dir);
    fs.writeFileSync(path.join(dir, 'packages/engine/src/b.ts'), 'export const b = 1;\n');
    expect(isFresh('engine', dir)).toBe(false);
    build(dir);
    fs.rmSync(path.join(dir, 'packages/engine/src/b.ts'));
    expect(isFresh('engine', dir)).toBe(false);
  });
});

describe('yardstick --version', () => {
  it('answers the product version without loading the app, the same as the app reports', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin/yardstick.js'), '--version'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect(r.stdout).toBe(`${pkg.version}\n`);
    expect(VERSION).toBe(pkg.version);
  });
});
