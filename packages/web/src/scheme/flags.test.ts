import { describe, expect, it } from 'vitest';
import { flagOptions, inputOptions, leafIndicators, leafOptions, thresholdValue, withThresholdValue } from './flags';
import type { Block } from './model';

const blocks: Block[] = [
  {
    id: 'b',
    indicators: [
      {
        id: 'p',
        name: '经济',
        points: 60,
        children: [
          {
            id: 'x',
            name: '产值',
            points: 60,
            method: { kind: 'ratio', target: 100 },
            flags: [{ id: 'low', below: 90 }],
          },
        ],
      },
      {
        id: 'y',
        name: '覆盖率',
        points: 40,
        method: { kind: 'formula', expr: 'done / total', inputs: ['done', 'total'] },
        flags: [{ id: 'cover', name: '覆盖率低于 42%', indicator: 'y', input: 'done', below: 42 }],
      },
    ],
  },
];

describe('the editor’s flag helpers', () => {
  it('lists leaves (not parents) by name, and a formula’s inputs only', () => {
    const leaves = leafIndicators(blocks);
    expect(leafOptions(leaves)).toEqual([
      { value: 'x', label: '产值' },
      { value: 'y', label: '覆盖率' },
    ]);
    expect(inputOptions(leaves[1])).toEqual(['done', 'total']);
    expect(inputOptions(leaves[0])).toEqual([]);
  });

  it('offers every declared flag by its name, with the indicator it is on', () => {
    expect(flagOptions(blocks)).toEqual([
      { value: 'low', label: 'low（产值）' },
      { value: 'cover', label: '覆盖率低于 42%（覆盖率）' },
    ]);
  });

  it('edits a threshold’s number and keeps an explicit inclusive setting', () => {
    expect(thresholdValue(42)).toBe(42);
    expect(thresholdValue({ value: 42, inclusive: false })).toBe(42);
    expect(withThresholdValue(undefined, 40)).toBe(40);
    expect(withThresholdValue({ value: 42, inclusive: false }, 40)).toEqual({ value: 40, inclusive: false });
    expect(withThresholdValue(42, undefined)).toBeUndefined();
  });
});
