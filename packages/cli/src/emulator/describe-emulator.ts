// The JSON line is built by the emulator package (its `mailup-emulator` bin prints the same line); the CLI
// re-exports it so `describeEmulator` stays importable from `@mailup-kit/cli`.
export { describeEmulator, type EmulatorDescription } from '@mailup-kit/emulator';
