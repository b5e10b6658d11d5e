import { describe, expect, it } from 'vitest';
import { describeWork, elapsedSeconds, formatBytes, uploadPercent } from './progress';
import { zhCN } from '../i18n/zh-CN';
import { en } from '../i18n/en';

/** A t() over the real resources with i18next's {{name}} interpolation, so the tests read what users read. */
function tOf(resources: Record<string, unknown>) {
  return (key: string, options: Record<string, unknown> = {}) => {
    let node: unknown = resources;
    for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    if (typeof node !== 'string') throw new Error(`no message ${key}`);
    return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options[name]));
  };
}

describe('upload percentage', () => {
  it('is whole per cent of the bytes sent, capped at 100, unknown without a size', () => {
    expect(uploadPercent(0, 1000)).toBe(0);
    expect(uploadPercent(455, 1000)).toBe(45);
    expect(uploadPercent(999, 1000)).toBe(99);
    expect(uploadPercent(1000, 1000)).toBe(100);
    expect(uploadPercent(1200, 1000)).toBe(100);
    expect(uploadPercent(10, null)).toBeNull();
    expect(uploadPercent(10, 0)).toBeNull();
  });
});

describe('elapsed time and sizes', () => {
  it('counts whole seconds and never goes negative', () => {
    expect(elapsedSeconds(10_000, 10_999)).toBe(0);
    expect(elapsedSeconds(10_000, 13_500)).toBe(3);
    expect(elapsedSeconds(10_000, 9_000)).toBe(0);
  });
  it('writes bytes, kilobytes and megabytes', () => {
    expect(formatBytes(850)).toBe('850 B');
    expect(formatBytes(12_700)).toBe('12.4 KB');
    expect(formatBytes(3_250_000)).toBe('3.1 MB');
  });
});

describe('what a long action says', () => {
  const zh = tOf(zhCN);
  const eng = tOf(en);
  const step = '正在计算 2019 年度 59 个单位';

  it('names the step at once, then adds the seconds waited', () => {
    expect(describeWork(zh, { step, startedAt: 0 }, 400)).toBe('正在计算 2019 年度 59 个单位…');
    expect(describeWork(zh, { step, startedAt: 0 }, 3_200)).toBe('正在计算 2019 年度 59 个单位…（已等待 3 秒）');
    expect(describeWork(eng, { step: 'Computing 2019', startedAt: 0 }, 3_200)).toBe('Computing 2019… (3 s so far)');
  });

  it('while a file goes up, says how much of it has gone; once sent, the step and the wait', () => {
    const upload = { sent: 450_000, total: 1_000_000 };
    expect(describeWork(zh, { step: '正在上传 单位.xlsx', startedAt: 0, upload }, 5_000)).toBe(
      '正在上传 单位.xlsx：45%（439.5 KB / 976.6 KB）',
    );
    expect(describeWork(eng, { step: 'Uploading units.xlsx', startedAt: 0, upload }, 5_000)).toBe(
      'Uploading units.xlsx: 45% (439.5 KB of 976.6 KB)',
    );
    const sent = { sent: 1_000_000, total: 1_000_000 };
    expect(describeWork(zh, { step: '正在检查 单位.xlsx', startedAt: 0, upload: sent }, 2_000)).toBe(
      '正在检查 单位.xlsx…（已等待 2 秒）',
    );
  });
});
