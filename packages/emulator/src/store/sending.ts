import type { Channel } from './recipient.js';

/** A message (newsletter or SMS) created in a list. */
export interface EmulatorMessage {
  id: number;
  listId: number;
  channel: Channel;
  subject: string;
  content: string;
  createdAt: number;
  /** REST message details (optional: SOAP-created messages may leave them out). */
  notes?: string;
  tagIds?: number[];
  /** Shown in the list's online archive (REST `…/Online/Visibility`). */
  visibleOnline?: boolean;
  archived?: boolean;
  embed?: boolean;
  isConfirmation?: boolean;
  /** SMS messages: the sender name. */
  sender?: string;
}

/** Where a sending is in its life. */
export type SendingStatus = 'queued' | 'deferred' | 'sending' | 'sent' | 'stopped';

/** One sending of a message to a list, a group or single recipients. */
export interface EmulatorSending {
  id: number;
  messageId: number;
  listId: number;
  groupId: number | undefined;
  status: SendingStatus;
  createdAt: number;
  /** Emulator-clock ms a deferred sending starts. */
  scheduledAt: number | undefined;
  recipientIds: number[];
  /** Recipients the sending reached (set when it is sent). */
  sent?: number;
}

/** Where an import is in its life. */
export type ImportStatus = 'queued' | 'running' | 'completed' | 'failed';

/** A bulk import (REST `List/{id}/Recipients`, SOAP `StartImportProcesses`, WSMailUpImport). */
export interface EmulatorImport {
  id: number;
  listId: number;
  groupIds: number[];
  status: ImportStatus;
  createdAt: number;
  created: number;
  updated: number;
  invalid: number;
  /** Emulator-clock ms the import completes (asynchronous imports; undefined: done when created). */
  completesAt?: number;
  /** The confirmation sending an import with `ConfirmEmail` created. */
  sendingId?: number;
  /** Rows received and how they were applied. */
  rows?: number;
  sendConfirmationEmail?: boolean;
  importAsUnsubscribed?: boolean;
}
