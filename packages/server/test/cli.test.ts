import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const example = path.join(root, 'docs/examples/county-small.json');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(root, 'bin/yardstick.js'), ...args], { cwd: root, encoding: 'utf8' });

describe('yardstick engine commands', () => {
  it('compute prints results for the documented example, the same on every run', () => {
    const a = run('compute', example);
    expect(a.status, a.stderr).toBe(0);
    const results = JSON.parse(a.stdout);
    expect(results.units.length).toBeGreaterThan(0);
    expect(run('compute', example).stdout).toBe(a.stdout);
  });

  it('diagnose, sensitivity and compare answer with JSON', () => {
    const d = run('diagnose', example);
    expect(d.status, d.stderr).toBe(0);
    expect(JSON.parse(d.stdout).headline ?? JSON.parse(d.stdout).groups).toBeTruthy();
    const s = run('sensitivity', example, '--runs', '50', '--seed', '3');
    expect(s.status, s.stderr).toBe(0);
    expect(run('sensitivity', example, '--runs', '50', '--seed', '3').stdout).toBe(s.stdout);
    const c = run('compare', example, example);
    expect(c.status, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout).units.every((u: { scoreChange: number }) => u.scoreChange === 0)).toBe(true);
  });

  it('diagnose names the owners in the headline by name, not id (issue 18)', () => {
    const demo = path.join(root, 'docs/examples/demo-2018.json');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-cli-'));
    const names = path.join(dir, 'names.json');
    fs.writeFileSync(names, JSON.stringify({ DQ07: '县委宣传部' }));
    const plain = run('diagnose', demo);
    expect(plain.status, plain.stderr).toBe(0);
    const named = run('diagnose', demo, '--names', names);
    expect(named.status, named.stderr).toBe(0);
    const before = JSON.parse(plain.stdout).headline.text.zh as string;
    const after = JSON.parse(named.stdout).headline.text.zh as string;
    if (before.includes('DQ07（')) {
      expect(after).toContain('县委宣传部（');
      expect(after).not.toContain('DQ07（');
    }
    const bad = path.join(dir, 'bad-names.json');
    fs.writeFileSync(bad, '[1]');
    expect(run('diagnose', demo, '--names', bad).status).not.toBe(0);
  });

  it('a bad file exits non-zero and lists every problem with its path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-cli-'));
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ scheme: { groups: [] }, dataset: {} }));
    const r = run('compute', bad);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('scheme.id');
    expect(r.stderr).toContain('dataset.units');
    fs.writeFileSync(bad, '{ not json');
    const j = run('compute', bad);
    expect(j.status).toBe(2);
    expect(j.stderr).toContain('cannot read JSON');
  });
});

describe('yardstick loads only the command that runs (issue 16)', () => {
  it('the catalog that --help lists names every top-level command its modules declare, with the same arguments', async () => {
    const { Command } = await import('commander');
    const { COMMANDS } = await import('../src/commands/catalog');
    const declared = new Set<string>();
    for (const register of new Set(await Promise.all(COMMANDS.map((e) => e.load())))) {
      const program = new Command();
      register(program);
      for (const c of program.commands) {
        const args = c.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`));
        declared.add([c.name(), ...args].join(' '));
      }
    }
    expect([...declared].sort()).toEqual(COMMANDS.map((e) => e.usage).sort());
  });

  it('cli.ts and the catalog import no command module up front', () => {
    const staticImports = (file: string) =>
      [...fs.readFileSync(path.join(root, file), 'utf8').matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms)].map(
        (m) => m[1],
      );
    expect(staticImports('packages/server/src/cli.ts').sort()).toEqual([
      './commands/catalog',
      './version',
      'commander',
    ]);
    expect(staticImports('packages/server/src/commands/catalog.ts')).toEqual([]);
  });

  it('--help lists the commands, and a command still runs with its own options', () => {
    const help = run('--help');
    expect(help.status, help.stderr).toBe(0);
    for (const name of ['serve', 'compute', 'backup', 'import', 'users', 'audit']) expect(help.stdout).toContain(name);
    const sub = run('help', 'sensitivity');
    expect(sub.stdout).toContain('--runs');
    expect(run('frobnicate').status).not.toBe(0);
  });
});
