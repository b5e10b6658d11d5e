/**
 * No module imports itself round a circle (issue 16): a circle makes load order matter and keeps modules from being
 * read on their own. Relative imports and re-exports count, type-only ones too (they are read together as well).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

export function importCycles(root: string): string[] {
  const files = sources(root);
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const deps: string[] = [];
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) {
      const target = path.resolve(path.dirname(f), m[1] ?? '');
      const hit = [`${target}.ts`, `${target}.tsx`, path.join(target, 'index.ts')].find((c) => fs.existsSync(c));
      if (hit) deps.push(hit);
    }
    graph.set(f, deps);
  }
  const cycles = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const d of graph.get(n) ?? []) {
      if (state.get(d) === 'open')
        cycles.add([...stack.slice(stack.indexOf(d)), d].map((x) => path.relative(root, x)).join(' → '));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return [...cycles];
}

describe('import cycles', () => {
  it('finds a circle when there is one (the check itself works)', () => {
    const dir = fs.mkdtempSync(path.join(import.meta.dirname, '.cycle-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b';\nexport const a = b;\n");
      fs.writeFileSync(
        path.join(dir, 'b.ts'),
        "import type { a } from './a';\nexport const b = 1 as unknown as typeof a;\n",
      );
      expect(importCycles(dir)).toEqual(['a.ts → b.ts → a.ts']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const pkg of ['engine', 'server', 'web'])
    it(`packages/${pkg}/src has none`, () => {
      expect(importCycles(path.join(repo, 'packages', pkg, 'src'))).toEqual([]);
    });
});
