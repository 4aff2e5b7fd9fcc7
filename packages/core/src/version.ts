/** The version of @mailup-kit/core, sent in the default `user-agent` (a unit test keeps it equal to package.json). */
export const CORE_VERSION = '0.1.0';
