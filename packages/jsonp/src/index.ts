export { assertCallbackName, isCallbackName, MAX_CALLBACK_LENGTH, newCallbackName } from './callback-name.js';
export { type JsonpOptions, jsonp } from './jsonp-browser.js';
export { type JsonpAnswer, parseJsonp } from './parse-jsonp.js';
