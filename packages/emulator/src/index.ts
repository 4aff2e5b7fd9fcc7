export type { EmulatorControl } from './control.js';
export { type FaultAction, type FaultRule, validateFaultRule } from './faults.js';
export { isLoopbackHost } from './http/control-guard.js';
export { type RouteMatch, Router } from './router.js';
export {
  CONTROL_PREFIX,
  EMULATOR_DEFAULTS,
  type EmulatorOptions,
  type EmulatorUrls,
  type RunningEmulator,
  startEmulator,
} from './server.js';
export {
  type EmulatorAccount,
  type EmulatorList,
  type EmulatorOAuthClient,
  EmulatorState,
  type SeedAccountOptions,
  seedAccount,
} from './state.js';
export type {
  ControlAction,
  EmulatorClock,
  EmulatorContext,
  EmulatorModule,
  EmulatorRequest,
  EmulatorResponse,
  Gate,
  Handler,
  RouteInfo,
  RouteOptions,
} from './types.js';
