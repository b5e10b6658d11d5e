import { describe, expect, it } from 'vitest';
import { DeductionRuleSchema } from '@yardstick/engine';
import {
  ASSESSOR_MEASURES,
  DEDUCTION_AMOUNT_KINDS,
  amountIssues,
  assessorAmount,
  assessorFields,
  defaultAmount,
  withMeasure,
  type AssessorAmount,
  type AssessorFields,
} from './deductionAmount';

describe('deduction amounts in the rules editor', () => {
  it('offers a default for every kind the engine knows, each one the engine accepts', () => {
    for (const kind of DEDUCTION_AMOUNT_KINDS) {
      const amount = defaultAmount(kind);
      expect(amount.kind).toBe(kind);
      const parsed = DeductionRuleSchema.safeParse({
        id: 'd1',
        // the ranking and the indicator read are the office's to name: a new rule says so (amountIssues)
        amount:
          kind === 'rankPlaces'
            ? { ...amount, ranking: 'city' }
            : kind === 'measured'
              ? { ...amount, indicator: 'safe' }
              : amount,
      });
      expect(parsed.success, `${kind}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('a new measured rule asks for the indicator it reads, and says nothing once it has one', () => {
    const a = defaultAmount('measured');
    expect(amountIssues(a)).toEqual([{ key: 'noIndicator' }]);
    expect(amountIssues({ ...a, indicator: 'safe' } as typeof a)).toEqual([]);
  });

  it('shows a share bound in percent and writes it back as the fraction the engine compares (rule → fields → rule)', () => {
    const rule: AssessorAmount = { kind: 'assessor', measure: 'fullMarkShare', above: 0.07, minScores: 5, points: 1 };
    const f = assessorFields(rule);
    expect(f).toEqual({ measure: 'fullMarkShare', above: 7, below: undefined, minScores: 5, points: 1 });
    expect(assessorAmount(f)).toEqual(rule);
  });

  it('keeps the editor rows through the rule (fields → rule → fields), for every measure', () => {
    for (const measure of ASSESSOR_MEASURES) {
      const rows: AssessorFields = { measure, above: 12.5, below: 33.3, minScores: 3, points: 0.5 };
      const rule = assessorAmount(rows);
      expect(DeductionRuleSchema.safeParse({ id: 'a', amount: rule }).success).toBe(true);
      expect(assessorFields(rule)).toEqual(rows);
    }
    // the coefficient of variation is shown as it is, the shares in percent
    expect(assessorAmount({ measure: 'cv', below: 0.05, minScores: 0, points: 1 }).below).toBe(0.05);
    expect(assessorAmount({ measure: 'distinctShare', below: 5, minScores: 0, points: 1 }).below).toBe(0.05);
  });

  it('leaves an empty bound out of the rule, and a zero bound in', () => {
    const rule = assessorAmount({ measure: 'sharedGap', above: 0, below: undefined, minScores: 2, points: 0 });
    expect(rule).toEqual({ kind: 'assessor', measure: 'sharedGap', above: 0, minScores: 2, points: 0 });
    expect('below' in rule).toBe(false);
  });

  it('keeps the bounds when the measure changes within a unit, and drops them across units', () => {
    const f: AssessorFields = { measure: 'fullMarkShare', above: 90, minScores: 5, points: 1 };
    expect(withMeasure(f, 'correctionShare')).toEqual({ ...f, measure: 'correctionShare' });
    expect(withMeasure(f, 'cv')).toEqual({ ...f, measure: 'cv', above: undefined, below: undefined });
  });

  it('says why a rule could never apply or is out of range', () => {
    const base: AssessorAmount = { kind: 'assessor', measure: 'fullMarkShare', minScores: 0, points: 1 };
    expect(amountIssues(base).map((x) => x.key)).toEqual(['noBound']);
    expect(amountIssues({ ...base, above: 0.9 })).toEqual([]);
    expect(amountIssues({ ...base, above: 0.5, below: 0.5 }).map((x) => x.key)).toEqual(['emptyRange']);
    expect(amountIssues({ ...base, above: 1.2 })).toEqual([{ key: 'boundRange', min: 0, max: 100 }]);
    expect(amountIssues({ ...base, measure: 'sharedGap', above: -0.2 })).toEqual([]);
    expect(amountIssues({ ...base, measure: 'cv', below: -0.1 })).toEqual([{ key: 'boundMin', min: 0 }]);
    expect(amountIssues({ kind: 'rankPlaces', ranking: ' ', bottom: 1.5, points: 1 }).map((x) => x.key)).toEqual([
      'noRanking',
      'bottomPlaces',
    ]);
    expect(amountIssues({ kind: 'rankPlaces', ranking: 'city-monthly', bottom: 2, points: 0.5 })).toEqual([]);
    expect(amountIssues(defaultAmount('fixed'))).toEqual([]);
  });
});
