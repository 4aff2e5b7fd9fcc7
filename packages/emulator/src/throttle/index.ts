export { throttleModule } from './throttle-module.js';
