/** An OAuth application registered with the emulator. */
export interface EmulatorOAuthClient {
  clientId: string;
  clientSecret: string;
}

/** An account of the emulator: who it is and every credential each protocol checks. */
export interface EmulatorAccount {
  /** Numeric console id (`m` + id is the console user, `a` + id the API user). */
  id: number;
  company: string;
  consoleUser: string;
  consolePassword: string;
  apiUser: string;
  apiPassword: string;
  oauthClient: EmulatorOAuthClient;
  /** False makes REST answer 403 "Contract not signed" (control action `account.contract`). */
  contractSigned: boolean;
}
