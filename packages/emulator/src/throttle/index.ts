export { type ThrottleState, throttleModule } from './throttle-module.js';
