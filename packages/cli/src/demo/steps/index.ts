import type { DemoStep } from '../demo-step.js';
import { controlClockStep } from './control-clock.js';
import { emulatorHealthStep } from './emulator-health.js';
import { facadeFallbackStep, facadeImportStep, facadeNewslettersStep } from './facade.js';
import { faultRoundTripStep } from './fault-round-trip.js';
import { frontendStep } from './frontend.js';
import { jsonpStep } from './jsonp.js';
import { limitsStep } from './limits.js';
import { oauthStep } from './oauth.js';
import { requestJournalStep } from './request-journal.js';
import { restResourcesStep } from './rest-resources.js';
import { smtpStep } from './smtp.js';
import { soapStep } from './soap.js';
import { txmailStep } from './txmail.js';
import { txsmsStep } from './txsms.js';

/** Every step of `mailup demo`, run in this order against one emulator. Add one line per step file. */
export const demoSteps: readonly DemoStep[] = [
  emulatorHealthStep,
  controlClockStep,
  faultRoundTripStep,
  limitsStep,
  oauthStep,
  restResourcesStep,
  frontendStep,
  jsonpStep,
  txmailStep,
  txsmsStep,
  smtpStep,
  soapStep,
  facadeFallbackStep,
  facadeNewslettersStep,
  facadeImportStep,
  requestJournalStep,
];
