import { describe, expect, it } from 'vitest';
import { shanghaiDay } from '../src/lib/day';
import { nodeLight, type NodeLightInput } from '../src/modules/lights/rules';

const base: NodeLightInput = {
  today: '2019-06-01',
  due: '2019-06-30',
  start: '2019-01-01',
  expected: 50,
  warningDays: 7,
  status: 'none',
  progress: null,
};
const at = (over: Partial<NodeLightInput>) => nodeLight({ ...base, ...over });

describe('node light rules', () => {
  it('outside the warning window with nothing reported: green (not due)', () => {
    expect(at({ today: '2019-06-22' })).toEqual({ light: 'green', reason: 'notDue' });
  });
  it('the warning window starts exactly warningDays before the due day', () => {
    expect(at({ today: '2019-06-22' }).light).toBe('green'); // 8 days left
    expect(at({ today: '2019-06-23' })).toEqual({ light: 'yellow', reason: 'dueSoon' }); // 7 days left
    expect(at({ today: '2019-06-30' })).toEqual({ light: 'yellow', reason: 'dueSoon' }); // due today
  });
  it('the day after the due day without a report: red (missed)', () => {
    expect(at({ today: '2019-07-01' })).toEqual({ light: 'red', reason: 'missed' });
  });
  it('a draft or returned report does not count; a submitted or approved one at the expected progress does', () => {
    expect(at({ today: '2019-07-01', status: 'draft', progress: 80 }).light).toBe('red');
    expect(at({ today: '2019-07-01', status: 'returned', progress: 80 }).light).toBe('red');
    expect(at({ today: '2019-07-01', status: 'submitted', progress: 50 })).toEqual({ light: 'green', reason: 'done' });
    expect(at({ today: '2019-07-01', status: 'approved', progress: 60 })).toEqual({ light: 'green', reason: 'done' });
    expect(at({ today: '2019-06-30', status: 'approved', progress: 50 })).toEqual({ light: 'green', reason: 'done' });
    expect(at({ today: '2019-06-25', status: 'submitted', progress: 50 })).toEqual({
      light: 'green',
      reason: 'onTrack',
    });
  });
  it('progress just below the expected is not on track: yellow in the window, red after it', () => {
    expect(at({ today: '2019-06-25', status: 'submitted', progress: 49.9 })).toEqual({
      light: 'yellow',
      reason: 'dueSoon',
    });
    expect(at({ today: '2019-07-01', status: 'approved', progress: 49.9 })).toEqual({ light: 'red', reason: 'missed' });
  });
  it('lagging: reported progress below the pro-rata expectation before the window is yellow', () => {
    // 2019-01-01 → 2019-06-30 is 180 days; on 2019-04-01 (90 days) the expectation is 25%.
    expect(at({ today: '2019-04-01', status: 'draft', progress: 24 })).toEqual({ light: 'yellow', reason: 'lagging' });
    expect(at({ today: '2019-04-01', status: 'draft', progress: 25 })).toEqual({ light: 'green', reason: 'notDue' });
  });
  it('a node the assessor marked failed is red whatever the day or progress', () => {
    expect(at({ today: '2019-03-01', status: 'failed', progress: 100 })).toEqual({ light: 'red', reason: 'failed' });
  });
  it('warning window 0: yellow only on the due day itself', () => {
    expect(at({ today: '2019-06-29', warningDays: 0 }).light).toBe('green');
    expect(at({ today: '2019-06-30', warningDays: 0 }).light).toBe('yellow');
  });
  it('Asia/Shanghai days: 16:00 UTC on 30 June is already 1 July in the county', () => {
    const before = shanghaiDay(new Date('2019-06-30T15:59:59Z'));
    const after = shanghaiDay(new Date('2019-06-30T16:00:00Z'));
    expect(before).toBe('2019-06-30');
    expect(after).toBe('2019-07-01');
    expect(at({ today: before }).light).toBe('yellow');
    expect(at({ today: after })).toEqual({ light: 'red', reason: 'missed' });
    // The day before the window opens, at the last Shanghai second, and the first second of the window.
    expect(at({ today: shanghaiDay(new Date('2019-06-22T15:59:59Z')) }).light).toBe('green');
    expect(at({ today: shanghaiDay(new Date('2019-06-22T16:00:00Z')) }).light).toBe('yellow');
  });
});
