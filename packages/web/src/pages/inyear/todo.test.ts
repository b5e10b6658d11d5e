import { describe, expect, it } from 'vitest';
import { groupTodo, matchesSearch, todoCounts, todoState, type TodoCell } from './todo';

const cell = (id: string, due: string, status: string | null, name = `指标${id}`): TodoCell => ({
  indicatorId: id,
  indicatorName: name,
  nodeId: 'q1',
  nodeName: '一季度',
  due,
  report: status ? { status } : null,
});

describe('the unit to-do', () => {
  const today = '2019-07-15';
  it('puts every cell in one state', () => {
    expect(todoState(cell('a', '2019-06-30', 'returned'), today)).toBe('returned');
    expect(todoState(cell('a', '2019-06-30', null), today)).toBe('overdue');
    expect(todoState(cell('a', '2019-06-30', 'draft'), today)).toBe('overdue');
    expect(todoState(cell('a', '2019-07-15', null), today)).toBe('dueSoon'); // due today
    expect(todoState(cell('a', '2019-07-21', null), today)).toBe('dueSoon'); // 6 days left
    expect(todoState(cell('a', '2019-07-22', null), today)).toBe('notStarted'); // 7 days left
    expect(todoState(cell('a', '2019-06-30', 'submitted'), today)).toBe('submitted');
    expect(todoState(cell('a', '2019-06-30', 'approved'), today)).toBe('done');
    expect(todoState(cell('a', '2019-06-30', 'failed'), today)).toBe('done');
  });

  it('counts, searches (full-width too) and groups', () => {
    const cells = [
      cell('a', '2019-06-30', null, '招商引资'),
      cell('b', '2019-07-20', null, '财政收入'),
      cell('c', '2019-09-30', 'approved', '安全生产'),
      cell('d', '2019-06-30', 'returned', 'ＧＤＰ增速'),
    ];
    expect(todoCounts(cells, today)).toEqual({
      returned: 1,
      overdue: 1,
      dueSoon: 1,
      notStarted: 0,
      submitted: 0,
      done: 1,
    });
    expect(cells.filter((c) => matchesSearch(c, 'gdp')).map((c) => c.indicatorId)).toEqual(['d']);
    expect(cells.filter((c) => matchesSearch(c, '招商')).map((c) => c.indicatorId)).toEqual(['a']);
    expect(groupTodo(cells, today, 'state').map((g) => g.key)).toEqual(['returned', 'overdue', 'dueSoon', 'done']);
    expect(groupTodo(cells, today, 'month').map((g) => g.key)).toEqual(['2019-06', '2019-07', '2019-09']);
  });
});
