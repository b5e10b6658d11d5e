import { describe, expect, it } from 'vitest';
import { BonusCategorySchema } from '@yardstick/engine';
import { extraLevels, newLevelCode, withExtraLevels } from './levels';

describe("a rule's own levels beyond 国家级 … 县级", () => {
  it('adds 省部级 with a generated code, keeps the standard levels, and the engine accepts the result', () => {
    const levels = { national: 3, provincial: 2 };
    const code = newLevelCode(levels);
    expect(code).toBe('level1');
    const next = withExtraLevels(levels, {}, [{ code, name: ' 省部级 ', points: 2.5 }]);
    expect(next).toEqual({ levels: { national: 3, provincial: 2, level1: 2.5 }, levelNames: { level1: '省部级' } });
    expect(extraLevels(next.levels, next.levelNames)).toEqual([{ code: 'level1', name: '省部级', points: 2.5 }]);
    expect(BonusCategorySchema.safeParse({ id: 'honour', ...next }).success).toBe(true);
    expect(newLevelCode(next.levels)).toBe('level2');
  });

  it('removing a level drops its name too, and an unnamed level carries no name', () => {
    const before = { levels: { city: 1, level1: 2, level2: 1 }, levelNames: { level1: '省部级', level2: '中央部委' } };
    const extras = extraLevels(before.levels, before.levelNames).filter((x) => x.code !== 'level1');
    expect(withExtraLevels(before.levels, before.levelNames, extras)).toEqual({
      levels: { city: 1, level2: 1 },
      levelNames: { level2: '中央部委' },
    });
    expect(withExtraLevels({ city: 1 }, {}, [{ code: 'level1', name: '', points: 1 }])).toEqual({
      levels: { city: 1, level1: 1 },
    });
  });
});
