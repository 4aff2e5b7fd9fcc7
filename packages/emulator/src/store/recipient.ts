/** The two channels a recipient can be reached on, each subscribed separately. */
export type Channel = 'email' | 'sms';

/** A recipient of an account: one person, with an email and/or a mobile channel and `campoN` field values. */
export interface EmulatorRecipient {
  id: number;
  accountId: number;
  name: string;
  /** Lower-cased address, or undefined when the recipient has only a mobile number. */
  email: string | undefined;
  /** International prefix, e.g. `0039`; undefined without a mobile number. */
  mobilePrefix: string | undefined;
  mobileNumber: string | undefined;
  /** Field values by field number (`campo1` is key 1). */
  fields: Map<number, string>;
}

/** Subscription statuses as MailUp names them (OPT-IN, OPT-OUT, PENDING). */
export type SubscriptionStatus = 'subscribed' | 'unsubscribed' | 'pending';

/** One recipient's subscription to one list on one channel, with the dates MailUp reports. */
export interface Subscription {
  listId: number;
  recipientId: number;
  channel: Channel;
  status: SubscriptionStatus;
  /** Emulator-clock ms of the last opt-in request (pending), opt-in and opt-out, when they happened. */
  optinRequestDate: number | undefined;
  optinDate: number | undefined;
  optoutDate: number | undefined;
}

/** A recipient's membership of a group (groups live inside a list; membership needs a list subscription). */
export interface GroupMembership {
  groupId: number;
  recipientId: number;
  addedAt: number;
}
