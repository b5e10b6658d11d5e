import type { SchemeDocumentInput } from '../modules/schemes/document';
import { buildDemoScheme } from './schemes-build';

/**
 * 2018 as the speech describes it: city plenary targets carry few points, leaders' evaluation weighs 0.2 of
 * the composite, no potential-performance bonus, and eight routine "done / not done" township items that
 * every township completes — the indicators that gave everyone full marks (R10, R25).
 */
export function demoScheme2018(): SchemeDocumentInput {
  return buildDemoScheme({ year: 2018, variant: '2018' });
}
