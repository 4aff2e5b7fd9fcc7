/**
 * The facade's `recipients.import`: many recipients into a list (and optionally a group of it), with progress
 * after every chunk and resume from a checkpoint — through the REST bulk import (`rest.recipients.import`, its own
 * checkpoints) or WSMailUpImport (`NewImportProcess` + `StartProcess` per chunk, checkpointed here the same way).
 */
import { MailUpError } from '@mailup-kit/core';
import type {
  ImportCheckpoint,
  ImportCheckpointLease,
  ImportCheckpointStore,
  ImportProgress,
  NewRecipient,
  RestClient,
} from '@mailup-kit/rest';
import type { ImportClient, ImportRecipient } from '@mailup-kit/soap';
import { callOptions } from '../routing/call-options.js';
import type { Binding, BindingCall, OperationDef } from './binding.js';
import { importRow, restRow } from './rows.js';

/** The configured members `recipients.import` uses (any subset). */
export interface ImportMembers {
  /** The REST client (`@mailup-kit/rest`). */
  readonly rest?: RestClient;
  /** The WSMailUpImport client (`@mailup-kit/soap`). */
  readonly import?: ImportClient;
}

/** One recipient to import. */
export interface ImportPerson {
  readonly email?: string;
  readonly name?: string;
  /** The whole number, with its prefix (`+393350000001`). */
  readonly mobileNumber?: string;
  /** Field values by field id (1 … 40: `campo1` …). */
  readonly fields?: Readonly<Record<number, string>>;
}

/** What `recipients.import` takes. */
export interface RecipientsImport {
  readonly listId: number;
  /** Also add them to this group of the list. */
  readonly groupId?: number;
  readonly recipients: Iterable<ImportPerson> | AsyncIterable<ImportPerson>;
  /** Recipients per import process (default 5,000). */
  readonly chunkSize?: number;
  /** Double opt-in: the recipients are pending and MailUp sends each a confirmation email. */
  readonly confirmEmail?: boolean;
  /** Where progress is saved after every chunk; an import given the same store resumes after the last saved chunk. */
  readonly checkpoint?: ImportCheckpointStore;
  /**
   * Names the source (a file's name and size, an export id …): saved in the checkpoint; a checkpoint of another
   * fingerprint is refused with `conflict`, and a finished one of the same answers its result without sending.
   */
  readonly fingerprint?: string;
  /** Told after every chunk. */
  readonly onProgress?: (progress: RecipientsImportProgress) => void;
  /** REST: wait until MailUp completed every chunk (default false: the imports run on MailUp's side). */
  readonly waitForCompletion?: boolean;
}

/** Progress of `recipients.import`, after each chunk. */
export interface RecipientsImportProgress {
  /** Recipients handed to MailUp so far (this run and the runs it resumes). */
  readonly sent: number;
  /** Recipients refused before sending (neither an email nor a mobile number …). */
  readonly invalid: number;
  /** Chunks (import processes) sent so far, this run and the runs it resumes. */
  readonly chunks: number;
}

/** What `recipients.import` answers. */
export interface RecipientsImportResult extends RecipientsImportProgress {
  /** MailUp's import / process ids, in order. */
  readonly importIds: readonly number[];
}

const OP = 'recipients.import';

function invalid(message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'client', operation: OP, message, ...fieldOf(message) });
}

/** The input field a check's message starts with (`listId must be …`, `chunkSize must …`), for `details.field`. */
function fieldOf(message: string): { details: { field: string } } | Record<string, never> {
  const m = /^([A-Za-z][\w[\]]*)(?: must| is| has|:)/.exec(message);
  return m?.[1] ? { details: { field: m[1] } } : {};
}

/** Checks an import's input before any transport is chosen (a `validation` MailUpError naming the field); its chunk size. */
export function checkImport(input: RecipientsImport): number {
  if (typeof input !== 'object' || input === null) throw invalid('the input must be an object');
  if (input.fingerprint !== undefined && (typeof input.fingerprint !== 'string' || input.fingerprint.length > 512)) {
    throw invalid('fingerprint must be a string of at most 512 characters');
  }
  if (!Number.isSafeInteger(input.listId) || input.listId <= 0) throw invalid('listId must be a positive integer');
  if (input.groupId !== undefined && (!Number.isSafeInteger(input.groupId) || input.groupId <= 0)) {
    throw invalid('groupId must be a positive integer');
  }
  const source = input.recipients as unknown as Record<symbol, unknown> | null;
  if (
    typeof source !== 'object' ||
    source === null ||
    (typeof source[Symbol.iterator] !== 'function' && typeof source[Symbol.asyncIterator] !== 'function')
  ) {
    throw invalid('recipients must be an iterable or an async iterable');
  }
  const chunkSize = input.chunkSize ?? 5000;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1 || chunkSize > 100_000) {
    throw invalid('chunkSize must be an integer from 1 to 100000');
  }
  return chunkSize;
}

/**
 * A failure once some chunks were handed to MailUp is never "nothing sent": the router must not start the import
 * again on another transport (resume it with the checkpoint instead).
 */
function afterPartial(err: unknown, sent: number): unknown {
  if (sent === 0 || !MailUpError.is(err) || err.sent !== 'no') return err;
  return err.with({ sent: 'maybe', details: { ...err.details, importedBeforeFailure: sent } });
}

async function* restRecipients(source: RecipientsImport['recipients']): AsyncIterable<NewRecipient> {
  for await (const p of source as AsyncIterable<ImportPerson>) {
    const fields = p?.fields ? Object.entries(p.fields).map(([id, value]) => ({ Id: Number(id), Value: value })) : [];
    yield {
      ...(p?.email === undefined ? {} : { Email: p.email }),
      ...(p?.name === undefined ? {} : { Name: p.name }),
      ...(p?.mobileNumber === undefined ? {} : { MobileNumber: p.mobileNumber }),
      ...(fields.length ? { Fields: fields } : {}),
    };
  }
}

function restBinding<M extends ImportMembers>(): Binding<RecipientsImport, RecipientsImportResult, M> {
  return {
    via: 'rest',
    rows: [
      restRow('POST Console/List/{idList}/Recipients'),
      restRow('POST Console/Group/{idGroup}/Recipients'),
      restRow('GET Console/Import/{idImport}'),
    ],
    equivalence: { kind: 'same' },
    needs: ['rest'],
    async run(members, input, call) {
      const chunkSize = checkImport(input);
      const rest = members.rest as RestClient;
      let sent = 0;
      let chunks = -1;
      // the bulk import also reports its status polls: the facade reports once per chunk
      const onProgress = (p: ImportProgress) => {
        sent = p.sent;
        if (p.chunks === chunks) return;
        chunks = p.chunks;
        input.onProgress?.({ sent: p.sent, invalid: p.invalid, chunks: p.chunks });
      };
      try {
        const result = await rest.recipients.import(
          input.groupId === undefined ? input.listId : { groupId: input.groupId },
          restRecipients(input.recipients),
          {
            ...callOptions(call),
            chunkSize,
            waitForCompletion: input.waitForCompletion ?? false,
            onProgress,
            ...(input.confirmEmail ? { confirmEmail: true } : {}),
            ...(input.checkpoint ? { checkpoint: input.checkpoint } : {}),
            ...(input.fingerprint === undefined ? {} : { fingerprint: input.fingerprint }),
          },
        );
        return { sent: result.sent, invalid: result.invalid, chunks: result.chunks, importIds: result.importIds };
      } catch (err) {
        throw afterPartial(err, sent);
      }
    },
  };
}

function soapPerson(p: ImportPerson): ImportRecipient | undefined {
  if (p === null || typeof p !== 'object') return undefined;
  const email = typeof p.email === 'string' && p.email.trim() !== '' ? p.email : undefined;
  const mobile = typeof p.mobileNumber === 'string' && p.mobileNumber.trim() !== '' ? p.mobileNumber : undefined;
  if (!email && !mobile) return undefined;
  return {
    ...(email ? { email } : {}),
    ...(mobile ? { mobileNumber: mobile } : {}),
    ...(p.name === undefined ? {} : { name: p.name }),
    ...(p.fields === undefined ? {} : { fields: p.fields }),
  };
}

function importBinding<M extends ImportMembers>(): Binding<RecipientsImport, RecipientsImportResult, M> {
  return {
    via: 'import',
    rows: [importRow('NewImportProcess'), importRow('StartProcess')],
    equivalence: {
      kind: 'partial',
      differs: [
        'a record without email or mobile number is counted invalid here, not by MailUp',
        'never waits for MailUp to complete the processes',
      ],
    },
    needs: ['import'],
    async run(members, input, call) {
      const chunkSize = checkImport(input);
      const client = members.import as ImportClient;
      // the lease (when the store has one) lets only one run resume this checkpoint at a time
      const lease = input.checkpoint?.lease ? await input.checkpoint.lease() : undefined;
      try {
        return await importRun(client, input, call, chunkSize, lease);
      } finally {
        await lease?.release();
      }
    },
  };
}

async function importRun(
  client: ImportClient,
  input: RecipientsImport,
  call: BindingCall,
  chunkSize: number,
  lease: ImportCheckpointLease | undefined,
): Promise<RecipientsImportResult> {
  const target = input.groupId === undefined ? `list:${input.listId}` : `group:${input.groupId}`;
  const saved = input.checkpoint ? await input.checkpoint.load() : undefined;
  let state: ImportCheckpoint = {
    version: 1,
    target,
    consumed: 0,
    sent: 0,
    invalidLocal: 0,
    importIds: [],
    ...(input.fingerprint === undefined ? {} : { fingerprint: input.fingerprint }),
  };
  if (saved) {
    if (saved.target !== target) {
      throw new MailUpError({
        kind: 'conflict',
        protocol: 'import',
        operation: OP,
        message: `the checkpoint belongs to ${saved.target}, not ${target}`,
      });
    }
    if ((saved.fingerprint ?? '') !== (input.fingerprint ?? '') || (saved.finished && !input.fingerprint)) {
      throw new MailUpError({
        kind: 'conflict',
        protocol: 'import',
        operation: OP,
        message: saved.finished
          ? 'the checkpoint records a finished import: give the same fingerprint to read its result, or a new checkpoint'
          : 'the checkpoint was saved for another source (its fingerprint differs)',
      });
    }
    if (saved.inFlight) {
      throw new MailUpError({
        kind: 'ambiguous',
        protocol: 'import',
        operation: OP,
        message: `a chunk of ${saved.inFlight.count} recipients (from record ${saved.inFlight.from}) may have been imported before the last run stopped; check process after ${saved.inFlight.afterImportId} in the console, then clear inFlight to go on`,
        sent: 'maybe',
      });
    }
    state = { ...saved, importIds: [...saved.importIds] };
  }
  const result = (): RecipientsImportResult => ({
    sent: state.sent,
    invalid: state.invalidLocal,
    chunks: state.importIds.length,
    importIds: [...state.importIds],
  });
  if (state.finished) return result();
  const list = (await client.getNlLists(callOptions(call))).find((l) => Number(l.idList) === input.listId);
  if (!list) {
    throw new MailUpError({
      kind: 'not-found',
      protocol: 'import',
      operation: OP,
      message: `list ${input.listId} is not among the account's lists`,
    });
  }
  const save = async () => {
    const copy = { ...state, importIds: [...state.importIds] };
    await (lease ? lease.save(copy) : input.checkpoint?.save(copy));
  };
  const sentBefore = state.sent;
  let index = 0;
  let chunk: ImportRecipient[] = [];
  let chunkInvalid = 0;
  const flush = async () => {
    if (chunk.length === 0 && chunkInvalid === 0) return;
    const from = state.consumed;
    const count = chunk.length;
    if (count > 0) {
      state.inFlight = { from, count, afterImportId: state.importIds.at(-1) ?? 0, invalid: chunkInvalid };
      await save();
      const idProcess = await client.newImportProcess(
        input.listId,
        list.listGUID,
        {
          recipients: chunk,
          ...(input.groupId === undefined ? {} : { groups: [input.groupId] }),
          ...(input.confirmEmail ? { confirmEmail: true, asPending: true } : {}),
        },
        callOptions(call),
      );
      await client.startProcess(input.listId, list.listGUID, idProcess, callOptions(call));
      state.importIds.push(idProcess);
    }
    state.consumed = from + count + chunkInvalid;
    state.sent += count;
    state.invalidLocal += chunkInvalid;
    delete state.inFlight;
    await save();
    chunk = [];
    chunkInvalid = 0;
    input.onProgress?.({ sent: state.sent, invalid: state.invalidLocal, chunks: state.importIds.length });
  };
  try {
    for await (const p of input.recipients as AsyncIterable<ImportPerson>) {
      if (index++ < state.consumed) continue;
      const person = soapPerson(p);
      if (person) chunk.push(person);
      else chunkInvalid++;
      if (chunk.length >= chunkSize) await flush();
    }
    await flush();
  } catch (err) {
    if (state.inFlight && MailUpError.is(err) && err.sent === 'no' && err.kind !== 'ambiguous') {
      // provably not sent: the chunk is not in flight, a resume sends it again
      delete state.inFlight;
      await save();
    }
    throw afterPartial(err, state.sent - sentBefore);
  }
  state.finished = true;
  await save();
  return result();
}

/**
 * `recipients.import`: many recipients with progress and resume, through the REST bulk import (`same`) or
 * WSMailUpImport (`partial`). A failure once a chunk was handed to MailUp is never moved to the other transport
 * (it would import those recipients twice): give the same `checkpoint` to resume where it stopped.
 */
export function recipientsImport<M extends ImportMembers = ImportMembers>(): OperationDef<
  RecipientsImport,
  RecipientsImportResult,
  M
> {
  return { id: OP, kind: 'write', bindings: [restBinding<M>(), importBinding<M>()] };
}
