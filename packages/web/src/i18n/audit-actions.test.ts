import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, auditActionName } from './audit-actions';

/** Every action code the server writes: the `action: '…'` literals (and `a ? '…' : '…'`) in its sources. */
function serverActions(): Set<string> {
  const root = path.resolve(__dirname, '../../../server/src');
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) {
        const src = fs.readFileSync(p, 'utf8');
        for (const m of src.matchAll(/action:\s*([^,\n]+)/g)) {
          for (const lit of (m[1] ?? '').matchAll(/'([a-z]+\.[a-zA-Z_.]+)'/g)) if (lit[1]) out.add(lit[1]);
        }
      }
    }
  };
  walk(root);
  return out;
}

describe('audit action names', () => {
  it('names every action the server writes, in Chinese and English', () => {
    const actions = serverActions();
    expect(actions.size).toBeGreaterThan(50);
    const missing = [...actions].filter((a) => !AUDIT_ACTIONS[a]);
    expect(missing).toEqual([]);
    for (const a of actions) {
      expect(auditActionName(a, 'zh-CN')).not.toBe(a);
      expect(auditActionName(a, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
      expect(auditActionName(a, 'en')).not.toBe(a);
    }
  });

  it('names report review actions written from a template (report.${action})', () => {
    for (const a of ['approve', 'return', 'fail', 'correct']) expect(AUDIT_ACTIONS[`report.${a}`]).toBeDefined();
  });

  it('names an unknown action by its domain and verb', () => {
    expect(auditActionName('scheme.archive', 'zh-CN')).toBe('考核方案');
    expect(auditActionName('unit.delete', 'zh-CN')).toBe('考核对象删除');
    expect(auditActionName('unit.delete', 'en')).toBe('Unit deleted');
  });
});
