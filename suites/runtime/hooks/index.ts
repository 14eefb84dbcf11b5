// The hooks cases, in a stable order (suites/runtime/areas.ts concatenates the areas).
import type { RuntimeCase } from '../../../harness/runtime/case.js';
import { hooksFailingCreateHooks, hooksFailingPoststop, hooksFailingStartHooks } from './failure.js';
import { hooksListedOrder } from './listed-order.js';
import { hooksOrderAndState } from './order-and-state.js';

export const hooksCases: RuntimeCase[] = [
  hooksOrderAndState,
  hooksListedOrder,
  hooksFailingCreateHooks,
  hooksFailingStartHooks,
  hooksFailingPoststop,
];
