/** Version of `@mailup-kit/cli` (what `mailup --version` prints); a unit test keeps it equal to package.json's. */
export const CLI_VERSION = '0.1.0';
