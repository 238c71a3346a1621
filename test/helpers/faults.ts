import type { FaultKind } from '../../src/providers/sim/faults.ts';

/**
 * Every fault kind a client retries within milliseconds: all of them but the retry-after waits in
 * whole seconds (`429-retry-after`, `429-date`) and Anthropic's `529`. For fault storms in tests.
 */
export const FAST_FAULTS: FaultKind[] = [
  '429',
  '429-retry-after-ms',
  '500',
  '503',
  'malformed',
  'drop',
  'hang',
  'empty',
  'null-content',
];
