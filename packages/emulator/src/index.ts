export type { EmulatorControl } from './control.js';
export type { FaultAction, FaultRule } from './faults.js';
export { type RouteMatch, Router } from './router.js';
export {
  CONTROL_PREFIX,
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
