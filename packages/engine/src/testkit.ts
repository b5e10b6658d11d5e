/** Small builders for tests (not exported from the package). */
import type { DatasetInput, SchemeInput } from './model';

export const FOUR_TIERS = {
  tiers: [{ id: 'good', share: 0.3 }, { id: 'fair', share: 0.4 }, { id: 'avg' }, { id: 'poor' }],
};

/** A one-group scheme with the given indicators (points should sum to 100 to avoid the warning). */
export function oneGroup(indicators: unknown[], extra: Record<string, unknown> = {}): SchemeInput {
  return {
    id: 'test',
    groups: [{ id: 'g', blocks: [{ id: 'b', indicators }], ...((extra.group as object | undefined) ?? {}) }],
    tiering: FOUR_TIERS,
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'group')),
  } as unknown as SchemeInput;
}

export function units(n: number, group = 'g'): DatasetInput['units'] {
  return Array.from({ length: n }, (_, i) => ({ id: `u${i + 1}`, group }));
}
