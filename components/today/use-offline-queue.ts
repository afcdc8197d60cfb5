'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  combineChanges,
  movedNotice,
  noChanges,
  removedNotice,
  savedMessage,
  type PendingChanges,
  type SavedDay,
} from '@/lib/day-log';
import {
  browserQueue,
  sendQueuedSave,
  type FlushReport,
  type QueuedSave,
} from '@/lib/offline/day-log-queue';

export const KEPT_ON_PHONE = 'Saved on this phone — it will be sent when you are back online.';
export const SENT_FROM_PHONE = 'Sent: what you saved on this phone has reached your clinic.';

/** What the page says about the saves kept on the phone. */
export type QueueNote =
  | { kind: 'none' }
  | { kind: 'kept'; waiting: number }
  | {
      kind: 'sent';
      /** One line per save that arrived, and what a changed programme did to it. */
      lines: string[];
      notices: string[];
      /** Saves refused on arrival (nothing was written), with the reason. */
      refused: string[];
      waiting: number;
    };

/** The day after the newest save of `date` that the server stored (not a replay of an older one). */
function newestOf(report: FlushReport, date: string): { saved: SavedDay; save: QueuedSave } | null {
  const arrived = report.sent.filter((s) => s.save.date === date && !s.saved.replayed);
  return arrived.at(-1) ?? null;
}

function notesOf(report: FlushReport, waiting: number): QueueNote {
  const notices: string[] = [];
  for (const { save, saved } of report.sent) {
    const name = (itemId: string) => save.changes.exercises[itemId]?.exerciseName ?? 'An exercise';
    for (const m of saved.programmeChanged?.moved ?? []) notices.push(movedNotice(name(m.itemId)));
    for (const r of saved.programmeChanged?.removed ?? []) {
      notices.push(removedNotice(name(r.itemId)));
    }
  }
  return {
    kind: 'sent',
    lines: report.sent.map(({ saved }) => savedMessage(saved)),
    notices,
    refused: report.refused.map(({ message }) => `One save was not sent: ${message}`),
    waiting,
  };
}

/**
 * The Today form's side of the offline queue (lib/offline/day-log-queue.ts): what is kept on the
 * phone for this day (shown on top of what the server last said), keeping a save there, and
 * sending them all, in order, when the page opens online and when the connection comes back.
 */
export function useOfflineQueue({
  owner,
  date,
  onArrived,
}: {
  owner: string;
  date: string;
  /** The server's day after the newest save of this date arrived: the form's new starting point. */
  onArrived: (saved: SavedDay, save: QueuedSave) => void;
}) {
  const router = useRouter();
  const [kept, setKept] = useState<QueuedSave[]>([]);
  const [note, setNote] = useState<QueueNote>({ kind: 'none' });
  const arrived = useRef(onArrived);
  useEffect(() => {
    arrived.current = onArrived;
  }, [onArrived]);

  const reload = useCallback(async () => {
    const queue = browserQueue();
    const waiting = queue ? await queue.waiting(owner) : [];
    setKept(waiting.filter((s) => s.date === date));
    return waiting.length;
  }, [owner, date]);

  /** Sends what is kept; null when nothing is (or the browser keeps nothing). */
  const flush = useCallback(async (): Promise<FlushReport | null> => {
    const queue = browserQueue();
    if (!queue) return null;
    const report = await queue.flush(owner, (save) => sendQueuedSave(save));
    const waiting = await reload();
    if (report.sent.length > 0 || report.refused.length > 0) {
      const newest = newestOf(report, date);
      if (newest) arrived.current(newest.saved, newest.save);
      setNote(notesOf(report, waiting));
      // The page's programme and history as the server now has them.
      router.refresh();
    } else if (waiting > 0) {
      setNote({ kind: 'kept', waiting });
    }
    return report;
  }, [owner, date, reload, router]);

  /** Keeps a save on the phone; false when this browser cannot (no IndexedDB). */
  const keep = useCallback(
    async (save: { key: string; changes: PendingChanges }): Promise<boolean> => {
      const queue = browserQueue();
      if (!queue) return false;
      await queue.add({ ...save, owner, date, queuedAt: Date.now() });
      setNote({ kind: 'kept', waiting: await reload() });
      return true;
    },
    [owner, date, reload],
  );

  useEffect(() => {
    const queue = browserQueue();
    if (!queue) return;
    void (async () => {
      // What another account left here is never sent as this patient's.
      await queue.keepOnly(owner);
      const waiting = await reload();
      if (waiting === 0) return;
      if (navigator.onLine) await flush();
      else setNote({ kind: 'kept', waiting });
    })().catch(() => undefined);
    const online = () => void flush().catch(() => undefined);
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, [owner, reload, flush]);

  const keptChanges = useMemo(
    () => kept.reduce((all, save) => combineChanges(all, save.changes), noChanges()),
    [kept],
  );

  return { keptChanges, hasKept: kept.length > 0, note, setNote, keep, flush };
}

/** Whether the phone says it has no connection (a save is kept on it, not tried). */
export const isOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;
