import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import type { AdjustmentLine } from '../../api/yearend';
import { zhCN } from '../../i18n/zh-CN';
import { adjustmentText } from './adjustmentText';

/** A t() over the real Chinese resources ({{name}} interpolation, defaultValue when a key is missing). */
const t = ((key: string, options: Record<string, unknown> = {}) => {
  let node: unknown = zhCN;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') {
    if (typeof options.defaultValue === 'string') return options.defaultValue;
    throw new Error(`no message ${key}`);
  }
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options[name]));
}) as unknown as TFunction;

const line = (x: Partial<AdjustmentLine>): AdjustmentLine => ({
  kind: 'deduction',
  ruleId: 'r',
  ruleName: null,
  recordId: null,
  recordTitle: null,
  level: null,
  levelName: null,
  points: 0,
  counted: true,
  note: 'english note',
  detail: { type: 'note' },
  ...x,
});

describe('feedback lines in Chinese, never the engine’s English note', () => {
  it('a measured value against thresholds, a place in another ranking, the unit as an assessor', () => {
    expect(
      adjustmentText(
        line({
          ruleName: '合格率低于门槛',
          points: -2.5,
          detail: {
            type: 'measured',
            indicator: '安全生产合格率',
            value: 88,
            direction: 'below',
            bands: [
              { from: 96, to: 90, units: 6, rate: 0.25, lost: 1.5 },
              { from: 90, to: null, units: 2, rate: 0.5, lost: 1 },
            ],
          },
        }),
        t,
      ),
    ).toBe(
      '合格率低于门槛 · 按「安全生产合格率」实测值 88：低于 96 至 90 的 6 个单位 × 每单位 0.25 分，低于 90 的 2 个单位 × 每单位 0.5 分：−2.5',
    );
    expect(
      adjustmentText(
        line({
          ruleName: '市月度排名后两名',
          points: -0.5,
          detail: { type: 'rankPlace', subUnit: '东关村', place: 17, size: 18, period: '2019-03', bottom: 2 },
        }),
        t,
      ),
    ).toBe('市月度排名后两名 · 东关村 在 2019-03 排名中列第 17 名（共 18 名，后 2 名扣分）：−0.5');
    expect(
      adjustmentText(
        line({
          ruleName: '评分失之于宽',
          points: -1,
          detail: { type: 'assessor', measure: 'fullMarkShare', value: 11 / 12, above: 0.9, given: 12 },
        }),
        t,
      ),
    ).toBe('评分失之于宽 · 作为考核主体：满分率 91.7%（高于 90%），共评分 12 项：−1');
  });

  it('a level of the scheme’s own by its name', () => {
    expect(
      adjustmentText(
        line({
          ruleName: '通报批评',
          level: 'level1',
          levelName: '中央部委通报',
          points: -2,
          detail: { type: 'record' },
        }),
        t,
      ),
    ).toBe('通报批评 · 中央部委通报 · −2');
  });
});
