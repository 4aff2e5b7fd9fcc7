#!/usr/bin/env node
// `corepack pnpm mailup <command>` in this repository. The root package.json has no `mailup` script on purpose:
// pnpm then falls back to `pnpm exec mailup`, which prints no `> mailup-kit@ mailup` banner on stdout (so
// `mailup emulator` prints only its JSON line) and passes SIGINT/SIGTERM on to this process. tsx's loader is
// registered in this same process, so there is no intermediate process for a signal to miss.
import { register } from 'tsx/esm/api';

register();
await import('../src/bin.ts');
