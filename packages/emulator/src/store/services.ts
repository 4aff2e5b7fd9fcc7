/** An SMTP+ user (`sNNNNN_NN`): relay and Send API credentials, tied to one list (REFERENCE §7, §9). */
export interface SmtpPlusUser {
  username: string;
  secret: string;
  accountId: number;
  listId: number;
  enabled: boolean;
  /** 1 VeryHigh … 5 VeryLow. */
  priority: number;
  trustedSenders: string[];
  trustedDomains: string[];
}

/** Web services an account can switch on and off (REFERENCE §2, §11). */
export type ServiceName = 'FrontEnd' | 'MailUpImport';

/** The switches and IP allow-list of one account's web services. */
export interface ServiceSettings {
  enabled: boolean;
  /** Addresses registered for the service (console or `WSActivation.aspx`). */
  allowedIps: Set<string>;
  /**
   * Whether the IP allow-list is enforced. The real default is on; the emulator's seeded account starts with it
   * off so that a client works before anyone calls `WSActivation.aspx` (INFERRED choice, switchable).
   */
  checkIp: boolean;
  /** Addresses registered but flagged "deny access" (WSMailUpImport -1012); absent = none. */
  deniedIps?: Set<string>;
  /** False until activated (console or `WSActivation.aspx`): -1007 "web service not active"; absent = active. */
  active?: boolean;
}
