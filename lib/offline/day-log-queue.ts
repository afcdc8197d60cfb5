/*
 * Saves of the patient's day made without a connection, kept on the phone until it returns. Each
 * keeps the idempotency key it was made with, so sending it again (a second tab, a flush whose
 * answer was lost) is stored once: the server answers a key it has with its first result. They are
 * sent in the order they were made, because each is a set of changes relative to what the screen
 * showed (lib/day-log.ts) and a later one may undo an earlier one's tick.
 *
 * The storage is plain IndexedDB (one database, one object store); the queue's rules are written
 * over a small store interface so that they are tested without a browser.
 */
import type { PendingChanges, SavedDay } from '@/lib/day-log';

/** One save waiting to be sent. */
export interface QueuedSave {
  /** The save's idempotency key, as made when the patient pressed Save. */
  key: string;
  /** The patient whose save it is: never sent under another account signed in on this phone. */
  owner: string;
  date: string;
  changes: PendingChanges;
  /** When it was made (ms since the epoch), to say so on the page. */
  queuedAt: number;
}

/** A queued save with its place in the queue. */
export interface StoredSave extends QueuedSave {
  seq: number;
}

/** Where the queue is kept: IndexedDB in the browser, memory in tests. */
export interface QueueStore {
  /** Adds a save at the end; false, changing nothing, when one with its key is already kept. */
  add(save: QueuedSave): Promise<boolean>;
  /** Every save, oldest first. */
  all(): Promise<StoredSave[]>;
  remove(key: string): Promise<void>;
  clear(): Promise<void>;
}

/** What the server made of one queued save. */
export type SendOutcome =
  | { kind: 'sent'; saved: SavedDay; message: string }
  /** Refused with nothing written (a day now too far back, a programme ended): not sent again. */
  | { kind: 'refused'; message: string }
  /** Not reached, or not able to save now: kept, and the queue stops here until the next try. */
  | { kind: 'retry' }
  /** The session ended: kept for when the patient signs in again. */
  | { kind: 'signedOut' };

export interface FlushReport {
  sent: { save: QueuedSave; saved: SavedDay; message: string }[];
  refused: { save: QueuedSave; message: string }[];
  /** Saves still on the phone after this flush. */
  waiting: number;
  /** Why the flush stopped early, if it did. */
  stopped: 'retry' | 'signedOut' | null;
}

/** A store in memory: the queue's rules without a browser (tests, or no IndexedDB at all). */
export function memoryStore(): QueueStore {
  let saves: StoredSave[] = [];
  let seq = 0;
  return {
    async add(save) {
      if (saves.some((s) => s.key === save.key)) return false;
      saves.push({ ...structuredClone(save), seq: (seq += 1) });
      return true;
    },
    async all() {
      return structuredClone(saves).sort((a, b) => a.seq - b.seq);
    },
    async remove(key) {
      saves = saves.filter((s) => s.key !== key);
    },
    async clear() {
      saves = [];
    },
  };
}

const DB_NAME = 'adhere-offline';
const STORE = 'day-log-saves';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDatabase(): Promise<IDBDatabase> {
  const open = indexedDB.open(DB_NAME, 1);
  open.onupgradeneeded = () => {
    // The order is the auto-incremented `seq`; a key is kept once (its unique index).
    const store = open.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
    store.createIndex('key', 'key', { unique: true });
  };
  return request(open);
}

/** The queue in this browser's IndexedDB (the origin's, so every tab of Adhere shares it). */
export function indexedDbStore(): QueueStore {
  let opened: Promise<IDBDatabase> | null = null;
  const database = () => (opened ??= openDatabase());
  async function run<T>(
    mode: IDBTransactionMode,
    work: (store: IDBObjectStore) => IDBRequest<T>,
  ): Promise<T> {
    const db = await database();
    const tx = db.transaction(STORE, mode);
    const result = await request(work(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    return result;
  }
  return {
    async add(save) {
      try {
        await run('readwrite', (store) => store.add(save));
        return true;
      } catch (error) {
        // The unique index on `key`: this save is already kept.
        if (error instanceof DOMException && error.name === 'ConstraintError') return false;
        throw error;
      }
    },
    async all() {
      // Object stores return their records in key order, which is `seq`.
      return run('readonly', (store) => store.getAll() as IDBRequest<StoredSave[]>);
    },
    async remove(key) {
      const seq = await run('readonly', (store) => store.index('key').getKey(key));
      if (seq !== undefined) await run('readwrite', (store) => store.delete(seq));
    },
    async clear() {
      await run('readwrite', (store) => store.clear());
    },
  };
}

/**
 * The queue's rules over a store: add once per key, send in order, stop at the first save that
 * could not be sent (so none overtakes it), and never two flushes at once from one page.
 */
export class DayLogQueue {
  private flushing: Promise<FlushReport> | null = null;

  constructor(private readonly store: QueueStore) {}

  /** Keeps a save; a save whose key is already kept is not added again. */
  add(save: QueuedSave): Promise<boolean> {
    return this.store.add(save);
  }

  /** The saves of `owner` waiting to be sent, oldest first. */
  async waiting(owner: string): Promise<StoredSave[]> {
    return (await this.store.all()).filter((s) => s.owner === owner);
  }

  /**
   * Drops what another account left on this phone (its session ended and someone else signed
   * in): it is theirs, and it is never sent as this patient's.
   */
  async keepOnly(owner: string): Promise<void> {
    for (const save of await this.store.all()) {
      if (save.owner !== owner) await this.store.remove(save.key);
    }
  }

  /** Everything goes (signing out). */
  clear(): Promise<void> {
    return this.store.clear();
  }

  /**
   * Sends `owner`'s saves in order with `send`. A flush asked for while one runs gets that one's
   * report, so the `online` event and the page opening at once send each save once.
   */
  flush(owner: string, send: (save: QueuedSave) => Promise<SendOutcome>): Promise<FlushReport> {
    this.flushing ??= this.flushInOrder(owner, send).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushInOrder(
    owner: string,
    send: (save: QueuedSave) => Promise<SendOutcome>,
  ): Promise<FlushReport> {
    const report: FlushReport = { sent: [], refused: [], waiting: 0, stopped: null };
    const saves = await this.waiting(owner);
    for (const [index, stored] of saves.entries()) {
      const { seq: _seq, ...save } = stored;
      let outcome: SendOutcome;
      try {
        outcome = await send(save);
      } catch {
        outcome = { kind: 'retry' };
      }
      if (outcome.kind === 'retry' || outcome.kind === 'signedOut') {
        report.stopped = outcome.kind;
        report.waiting = saves.length - index;
        return report;
      }
      await this.store.remove(save.key);
      if (outcome.kind === 'sent') {
        report.sent.push({ save, saved: outcome.saved, message: outcome.message });
      } else {
        report.refused.push({ save, message: outcome.message });
      }
    }
    return report;
  }
}

/** The JSON the day-log endpoint takes for a queued save (app/api/patient/day-log/route.ts). */
export function queuedSaveBody(save: QueuedSave): Record<string, unknown> {
  const exercises: Record<string, { exerciseId: string; change: number }> = {};
  for (const [itemId, entry] of Object.entries(save.changes.exercises)) {
    exercises[itemId] = { exerciseId: entry.exerciseId, change: entry.change };
  }
  return {
    idempotencyKey: save.key,
    date: save.date,
    exercises,
    ...(save.changes.pain === undefined ? {} : { pain: save.changes.pain }),
    ...(save.changes.note === undefined ? {} : { note: save.changes.note }),
  };
}

export const DAY_LOG_URL = '/api/patient/day-log';

const NOT_SENT = 'This save could not be sent.';

/**
 * Sends one queued save to the day-log endpoint and reads the answer: 200 is sent (a key the
 * server already had answers its first result); 400, 404, 413, 415 and 422 are refused with
 * nothing written; 401 is a session that ended; anything else (503 with the database away, a
 * network failure, a proxy's 502) is tried again later with the same key.
 */
export async function sendQueuedSave(
  save: QueuedSave,
  fetcher: typeof fetch = fetch,
): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetcher(DAY_LOG_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(queuedSaveBody(save)),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    return { kind: 'retry' };
  }
  if (response.status === 401) return { kind: 'signedOut' };
  const body = (await response.json().catch(() => null)) as {
    message?: unknown;
    saved?: SavedDay;
  } | null;
  const message = typeof body?.message === 'string' ? body.message : NOT_SENT;
  if (response.status === 200 && body?.saved) {
    return { kind: 'sent', saved: body.saved, message };
  }
  if ([400, 404, 413, 415, 422].includes(response.status)) return { kind: 'refused', message };
  return { kind: 'retry' };
}

let shared: DayLogQueue | null = null;

/** The page's queue over IndexedDB; null where the browser has none (nothing is kept then). */
export function browserQueue(): DayLogQueue | null {
  if (typeof indexedDB === 'undefined') return null;
  return (shared ??= new DayLogQueue(indexedDbStore()));
}
