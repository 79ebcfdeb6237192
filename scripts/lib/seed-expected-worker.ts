import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join } from 'node:path';
import {
  ExpectedWriter,
  type ExpectedConversation,
  type ExpectedError,
  type ExpectedMessage,
  type ExpectedSender,
  type ExpectedSummary,
  type RecordRef
} from './expected.js';
import { newMessageDraft, type ExpectationSink, type MessageDraft } from './generator.js';
import type { MessageStatus } from './status.js';

/**
 * expected.json written by a worker thread, so that the seed's two output streams (the CSV
 * files and expected.json, 62 % of the bytes) use both cores.
 *
 * The generator's thread sends compact records: four numbers per message (kind and flags,
 * sequence number, primary record id, time) in a transferred Float64Array, plus the strings
 * that change rarely (a conversation's phone and conversation keys, a primary record the first
 * time it appears) and the conversation objects. The worker decodes them in order into the
 * same ExpectedWriter calls the generator would make, so the bytes are those of the in-thread
 * writer whatever the scheduling.
 *
 * Flow control: at most MAX_IN_FLIGHT batches wait for the worker; then messageDraft()
 * returns a promise (the generator waits, memory stays flat). A failure in the worker (a
 * write error such as a full disk, an exception, an unexpected exit) rejects the pending and
 * every later call and close(), with the worker's error message; the worker is stopped.
 */

const SLOTS = 4;
const BATCH_RECORDS = 8192;
/**
 * Batches (8,192 records, ~256 KB each) that may wait for the worker: enough that neither
 * thread stalls when the other is descheduled for a while on a busy machine.
 */
const MAX_IN_FLIGHT = 32;

/** Record kinds (slot 0, low 3 bits). */
const MESSAGE = 0;
/** The phone and conversation keys the next messages share: slots 1-2 their lengths in the batch text (-1: null). */
const SHARED = 1;
/** A primary record: slot 1 its id; its object and key are the next two batch objects (kept: own strings). */
const PRIMARY = 2;
/**
 * A conversation, in four records: [kind | flags, primary id, messageCount, incomingCount],
 * [newCount, allIncomingUnread.newCount, and the lengths in the batch text of key,
 * senderKey], [senderId, recipientKey, lastMessageTime, lastIncomingTime (-1: null)],
 * [lastOutgoingTime (-1: null), preview, 0, 0].
 */
const CONVERSATION = 3;
const CONVERSATION_RECORDS = 4;
/** Conversation flags (slot 0, above the kind). */
const UNREAD = 8;
const ALL_INCOMING_UNREAD = 16;
const LAST_IN = 32;
/** The next batch object is an ExpectedMessage (the generic path). */
const WHOLE_MESSAGE = 4;
/** The worker forgets the primary records (main restarts the ids). */
const FORGET_PRIMARIES = 5;

/** Message flags (slot 0, above the kind). */
const INCOMING_OBJECT = 8;
const DIRECTION_IN = 16;
const STATUS_SHIFT = 5;

const STATUSES: readonly (MessageStatus | null)[] = [
  null,
  'Delivered',
  'Undelivered',
  'Failed',
  'Sent',
  'Queued',
  'Unknown'
];
const STATUS_CODE = new Map<MessageStatus | null, number>(
  STATUSES.map((status, index) => [status, index])
);

/** The most primary records main and worker keep ids for, before starting over. */
const MAX_PRIMARY_IDS = 200_000;

interface BatchMessage {
  readonly type: 'batch';
  readonly records: ArrayBuffer;
  readonly count: number;
  /** The batch's strings, one after the other (one string to copy, not thousands). */
  readonly text: string;
  readonly objects: readonly unknown[];
}

interface FinishMessage {
  readonly type: 'finish';
  readonly senders: readonly ExpectedSender[];
  readonly errors: readonly ExpectedError[];
  readonly summary: ExpectedSummary;
}

type ToWorker = BatchMessage | FinishMessage;

type FromWorker =
  | { readonly type: 'ack'; readonly records: ArrayBuffer }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly message: string; readonly code?: string };

interface WorkerConfig {
  readonly role: 'seed-expected';
  readonly path: string;
}

/** The expectation sink of the generator's thread: encodes, batches and sends to the worker. */
export class ExpectedWorkerWriter implements ExpectationSink {
  private readonly worker: Worker;
  private records = new Float64Array(BATCH_RECORDS * SLOTS);
  private count = 0;
  private text = '';
  private objects: unknown[] = [];
  private readonly freeRecords: ArrayBuffer[] = [];
  private inFlight = 0;
  private failure: Error | null = null;
  private finished = false;
  /** Resolved when a batch is acknowledged (flow control) or rejected on failure. */
  private waiter: {
    promise: Promise<void>;
    resolve: () => void;
    reject: (e: Error) => void;
  } | null = null;
  private closer: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private lastPhoneKey: string | null | undefined = undefined;
  private lastConversationKey: string | null | undefined = undefined;
  private readonly primaryIds = new Map<RecordRef, number>();

  constructor(readonly path: string) {
    this.worker = startWorker({ role: 'seed-expected', path });
    this.worker.on('message', (message: FromWorker) => this.onMessage(message));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (!this.finished) {
        this.fail(new Error(`expected.json: the writer thread stopped (exit code ${code})`));
      }
    });
  }

  private onMessage(message: FromWorker): void {
    if (message.type === 'ack') {
      this.inFlight--;
      this.freeRecords.push(message.records);
      const waiter = this.waiter;
      if (waiter && this.inFlight < MAX_IN_FLIGHT) {
        this.waiter = null;
        waiter.resolve();
      }
    } else if (message.type === 'done') {
      this.finished = true;
      void this.worker.terminate();
      this.closer?.resolve();
    } else {
      const error = new Error(`expected.json: ${message.message}`) as NodeJS.ErrnoException;
      if (message.code) error.code = message.code;
      this.fail(error);
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.finished = true;
    void this.worker.terminate();
    this.waiter?.reject(error);
    this.waiter = null;
    this.closer?.reject(error);
  }

  private record(kind: number, a: number, b: number, c: number): void {
    const at = this.count++ * SLOTS;
    const records = this.records;
    records[at] = kind;
    records[at + 1] = a;
    records[at + 2] = b;
    records[at + 3] = c;
  }

  /** Sends the batch when full; returns a promise when the caller must wait. */
  private sendIfFull(): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    // room for the records of one more call (a conversation and a new primary record: 6)
    if (this.count < BATCH_RECORDS - 8) return undefined;
    this.send();
    if (this.inFlight < MAX_IN_FLIGHT) return undefined;
    if (!this.waiter) {
      let resolve!: () => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.waiter = { promise, resolve, reject };
    }
    return this.waiter.promise;
  }

  private send(): void {
    if (this.count === 0) return;
    const buffer = this.records.buffer as ArrayBuffer;
    const message: BatchMessage = {
      type: 'batch',
      records: buffer,
      count: this.count,
      text: this.text,
      objects: this.objects
    };
    this.worker.postMessage(message, [buffer]);
    this.inFlight++;
    const reused = this.freeRecords.pop();
    this.records = reused ? new Float64Array(reused) : new Float64Array(BATCH_RECORDS * SLOTS);
    this.count = 0;
    this.text = '';
    this.objects = [];
  }

  private primaryId(primary: RecordRef): number {
    let id = this.primaryIds.get(primary);
    if (id === undefined) {
      if (this.primaryIds.size >= MAX_PRIMARY_IDS) {
        this.primaryIds.clear();
        this.record(FORGET_PRIMARIES, 0, 0, 0);
      }
      id = this.primaryIds.size;
      this.primaryIds.set(primary, id);
      this.record(PRIMARY, id, 0, 0);
      // as separate strings: a slice of the batch text would keep the whole text alive
      this.objects.push(primary.object, primary.key);
    }
    return id;
  }

  messageDraft(draft: MessageDraft): Promise<void> | undefined {
    if (
      draft.phoneKey !== this.lastPhoneKey ||
      draft.conversationKey !== this.lastConversationKey
    ) {
      this.lastPhoneKey = draft.phoneKey;
      this.lastConversationKey = draft.conversationKey;
      this.record(
        SHARED,
        draft.phoneKey === null ? -1 : draft.phoneKey.length,
        draft.conversationKey === null ? -1 : draft.conversationKey.length,
        0
      );
      if (draft.phoneKey !== null) this.text += draft.phoneKey;
      if (draft.conversationKey !== null) this.text += draft.conversationKey;
    }
    const primary = draft.primary === null ? -1 : this.primaryId(draft.primary);
    const status = STATUS_CODE.get(draft.status);
    if (status === undefined) throw new Error(`expected.json: unknown status ${draft.status}`);
    const flags =
      (draft.object === 'Incoming_SMS__c' ? INCOMING_OBJECT : 0) |
      (draft.direction === 'IN' ? DIRECTION_IN : 0) |
      (status << STATUS_SHIFT);
    if ((draft.prefix === 'INC-') !== (draft.object === 'Incoming_SMS__c')) {
      throw new Error(`expected.json: external id prefix ${draft.prefix} for ${draft.object}`);
    }
    this.record(MESSAGE | flags, draft.seq, primary, draft.time);
    return this.sendIfFull();
  }

  message(message: ExpectedMessage): Promise<void> | undefined {
    this.record(WHOLE_MESSAGE, 0, 0, 0);
    this.objects.push(message);
    return this.sendIfFull();
  }

  conversation(conversation: ExpectedConversation): Promise<void> | undefined {
    const c = conversation;
    if (c.lastMessageDirection !== 'IN' && c.lastMessageDirection !== 'OUT') {
      throw new Error(`expected.json: conversation ${c.key} has no direction`);
    }
    const primary = c.primary === null ? -1 : this.primaryId(c.primary);
    const flags =
      (c.isUnread ? UNREAD : 0) |
      (c.allIncomingUnread.isUnread ? ALL_INCOMING_UNREAD : 0) |
      (c.lastMessageDirection === 'IN' ? LAST_IN : 0);
    this.record(CONVERSATION | flags, primary, c.messageCount, c.incomingCount);
    this.record(c.newCount, c.allIncomingUnread.newCount, c.key.length, c.senderKey.length);
    this.record(
      c.senderId.length,
      c.recipientKey.length,
      c.lastMessageTime.length,
      c.lastIncomingTime === null ? -1 : c.lastIncomingTime.length
    );
    this.record(
      c.lastOutgoingTime === null ? -1 : c.lastOutgoingTime.length,
      c.preview.length,
      0,
      0
    );
    this.text +=
      c.key +
      c.senderKey +
      c.senderId +
      c.recipientKey +
      c.lastMessageTime +
      (c.lastIncomingTime ?? '') +
      (c.lastOutgoingTime ?? '') +
      c.preview;
    return this.sendIfFull();
  }

  /** Sends the rest and the closing sections; resolves when expected.json is complete on disk. */
  async close(
    senders: readonly ExpectedSender[],
    errors: readonly ExpectedError[],
    summary: ExpectedSummary
  ): Promise<void> {
    if (this.failure) throw this.failure;
    this.send();
    const done = new Promise<void>((resolve, reject) => {
      this.closer = { resolve, reject };
    });
    const finish: FinishMessage = { type: 'finish', senders, errors, summary };
    this.worker.postMessage(finish);
    await done;
  }

  /** Stops the worker (the run failed elsewhere); expected.json stays incomplete. */
  async abort(): Promise<void> {
    this.finished = true;
    await this.worker.terminate();
  }
}

/**
 * Starts this module as a worker. Under tsx (the scripts run from TypeScript) the worker
 * first registers tsx's loader, which a worker thread does not inherit.
 */
function startWorker(config: WorkerConfig): Worker {
  // the scripts compile to CommonJS (no "type": "module"): __filename is this module
  const self = __filename;
  // the worker makes little garbage: a small young generation keeps its memory small
  const resourceLimits = { maxYoungGenerationSizeMb: 8 };
  if (extname(self) !== '.ts') return new Worker(self, { workerData: config, resourceLimits });
  const tsx = createRequire(self).resolve('tsx/cjs/api');
  const target = join(dirname(self), basename(self));
  return new Worker(
    `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(target)});`,
    { eval: true, workerData: config, resourceLimits }
  );
}

/** The worker: decodes the batches in order into an ExpectedWriter. */
function runWorker(config: WorkerConfig, port: NonNullable<typeof parentPort>): void {
  const writer = new ExpectedWriter(config.path);
  const primaries = new Map<number, RecordRef>();
  const draft: MessageDraft = newMessageDraft();
  let failed = false;
  let queue = Promise.resolve();

  function primaryOf(id: number): RecordRef {
    const primary = primaries.get(id);
    if (primary === undefined) throw new Error(`unknown primary record ${id}`);
    return primary;
  }

  async function batch(message: BatchMessage): Promise<void> {
    const records = new Float64Array(message.records);
    const text = message.text;
    let offset = 0;
    const next = (length: number): string | null => {
      if (length < 0) return null;
      offset += length;
      return text.slice(offset - length, offset);
    };
    const objects = message.objects;
    let object = 0;
    for (let i = 0; i < message.count; i++) {
      const at = i * SLOTS;
      const head = records[at] as number;
      const kind = head & 7;
      let waiting: Promise<void> | undefined;
      if (kind === MESSAGE) {
        const incoming = (head & INCOMING_OBJECT) !== 0;
        draft.object = incoming ? 'Incoming_SMS__c' : 'SMSMagic__c';
        draft.prefix = incoming ? 'INC-' : 'SMS-';
        draft.direction = (head & DIRECTION_IN) !== 0 ? 'IN' : 'OUT';
        draft.status = STATUSES[head >> STATUS_SHIFT] ?? null;
        draft.seq = records[at + 1] as number;
        const primary = records[at + 2] as number;
        draft.primary = primary < 0 ? null : primaryOf(primary);
        draft.time = records[at + 3] as number;
        waiting = writer.messageDraft(draft);
      } else if (kind === SHARED) {
        draft.phoneKey = next(records[at + 1] as number);
        draft.conversationKey = next(records[at + 2] as number);
      } else if (kind === PRIMARY) {
        const primaryObject = objects[object++] as RecordRef['object'];
        const key = objects[object++] as string;
        primaries.set(records[at + 1] as number, { object: primaryObject, key });
      } else if (kind === CONVERSATION) {
        const primary = records[at + 1] as number;
        const more = at + SLOTS;
        const conversation: ExpectedConversation = {
          key: next(records[more + 2] as number) as string,
          senderKey: next(records[more + 3] as number) as string,
          senderId: next(records[more + 4] as number) as string,
          recipientKey: next(records[more + 5] as number) as string,
          primary: primary < 0 ? null : primaryOf(primary),
          messageCount: records[at + 2] as number,
          incomingCount: records[at + 3] as number,
          lastMessageTime: next(records[more + 6] as number) as string,
          lastIncomingTime: next(records[more + 7] as number),
          lastOutgoingTime: next(records[more + 8] as number),
          lastMessageDirection: (head & LAST_IN) !== 0 ? 'IN' : 'OUT',
          preview: next(records[more + 9] as number) as string,
          isUnread: (head & UNREAD) !== 0,
          newCount: records[more] as number,
          allIncomingUnread: {
            isUnread: (head & ALL_INCOMING_UNREAD) !== 0,
            newCount: records[more + 1] as number
          }
        };
        i += CONVERSATION_RECORDS - 1;
        waiting = writer.conversation(conversation);
      } else if (kind === WHOLE_MESSAGE) {
        waiting = writer.message(objects[object++] as ExpectedMessage);
      } else if (kind === FORGET_PRIMARIES) {
        primaries.clear();
      } else {
        throw new Error(`unknown record kind ${kind}`);
      }
      if (waiting) await waiting;
    }
    port.postMessage({ type: 'ack', records: message.records } satisfies FromWorker, [
      message.records
    ]);
  }

  async function finish(message: FinishMessage): Promise<void> {
    await writer.close(message.senders, message.errors, message.summary);
    port.postMessage({ type: 'done' } satisfies FromWorker);
  }

  port.on('message', (message: ToWorker) => {
    queue = queue
      .then(() => {
        if (failed) return;
        return message.type === 'batch' ? batch(message) : finish(message);
      })
      .catch((error: unknown) => {
        if (failed) return;
        failed = true;
        const err = error as NodeJS.ErrnoException;
        port.postMessage({
          type: 'error',
          message: err instanceof Error ? err.message : String(error),
          ...(typeof err.code === 'string' ? { code: err.code } : {})
        } satisfies FromWorker);
      });
  });
}

if (!isMainThread && parentPort && (workerData as WorkerConfig | null)?.role === 'seed-expected') {
  runWorker(workerData as WorkerConfig, parentPort);
}
