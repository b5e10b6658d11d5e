import { describe, expect, it } from 'vitest';
import { addableGroups, addGroup, groupIndicatorCount, removeGroup, removeRefusal } from './groups';

const county = [
  { code: 'XZ', name: '乡镇组', retired: false },
  { code: 'BM', name: '部门组', retired: false },
  { code: 'KFQ', name: '开发区', retired: false },
  { code: 'OLD', name: '旧类别', retired: true },
];
const doc = () => ({
  engine: {
    groups: [
      {
        id: 'XZ',
        name: '乡镇组',
        blocks: [{ indicators: [{ id: 'a' }, { id: 'p', children: [{ id: 'b' }, { id: 'c' }] }] }],
      },
      { id: 'BM', name: '部门组', blocks: [] as { indicators: { id: string }[] }[] },
    ],
    evaluation: { raterGroups: [{ id: 'leaders', name: '县领导评价', unitGroups: ['XZ', 'BM'] }] },
  },
});

describe('the scheme editor adds and removes county groups', () => {
  it('offers the county groups in use that the draft lacks, and adds one with an empty tree', () => {
    const d = doc();
    expect(addableGroups(d, county).map((g) => g.code)).toEqual(['KFQ']);
    const kfq = county[2];
    if (!kfq) throw new Error('no group');
    addGroup(d, kfq);
    expect(d.engine.groups.map((g) => g.id)).toEqual(['XZ', 'BM', 'KFQ']);
    expect(d.engine.groups[2]).toMatchObject({ id: 'KFQ', name: '开发区', blocks: [], composite: { a: 1, b: 0 } });
    expect(addableGroups(d, county)).toEqual([]);
  });

  it('removes only a group without indicators, never the last one, and forgets it in rater groups', () => {
    const d = doc();
    expect(groupIndicatorCount(d, 'XZ')).toBe(3);
    expect(removeRefusal(d, 'XZ')).toEqual({ reason: 'inUse', count: 3 });
    expect(removeRefusal(d, 'BM')).toBeNull();
    removeGroup(d, 'BM');
    expect(d.engine.groups.map((g) => g.id)).toEqual(['XZ']);
    expect(d.engine.evaluation.raterGroups[0]?.unitGroups).toEqual(['XZ']);
    const one = { engine: { groups: [{ id: 'XZ', blocks: [] }] } };
    expect(removeRefusal(one, 'XZ')).toEqual({ reason: 'lastOne' });
  });

  it('refuses to remove the only group a rater group rates', () => {
    const d = doc();
    d.engine.evaluation.raterGroups = [{ id: 'peers', name: '部门互评', unitGroups: ['BM'] }];
    expect(removeRefusal(d, 'BM')).toEqual({ reason: 'raterOnly', rater: '部门互评' });
  });
});
