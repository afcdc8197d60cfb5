'use client';

import { useEffect, useReducer, useRef, useState } from 'react';
import type { DayItem } from '@/db/queries/day-log';
import {
  followAlong,
  followAlongStatus,
  holdSecondsLeft,
  isFinished,
  START,
  type FollowAlongStep,
} from '@/lib/follow-along';

const big =
  'min-h-14 w-full rounded-lg border-2 px-4 py-3 text-lg font-semibold disabled:opacity-50';
const small = 'border-line bg-surface min-h-11 rounded-lg border-2 px-3 py-2 font-medium';

/** A short tone and a buzz at the end of a hold, where the phone allows them. */
function cueEndOfHold(audio: AudioContext | null) {
  navigator.vibrate?.(300);
  if (!audio) return;
  const tone = audio.createOscillator();
  const volume = audio.createGain();
  tone.frequency.value = 880;
  volume.gain.value = 0.2;
  tone.connect(volume).connect(audio.destination);
  tone.start();
  tone.stop(audio.currentTime + 0.25);
}

/**
 * Doing the exercise with the phone: the set and repetition the patient is on, a countdown for
 * each hold (its number always visible, a tone and a buzz at the end where allowed), and "Mark
 * done" once the sets are finished. Nothing here is saved: marking done is the same as the card's
 * own button, saved with the rest of the day.
 */
export function FollowAlong({
  item,
  canMarkDone,
  onMarkDone,
}: {
  item: DayItem;
  canMarkDone: boolean;
  onMarkDone: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [progress, step] = useReducer(
    (state: typeof START, action: FollowAlongStep) => followAlong(item, state, action),
    START,
  );
  const [holdStartedAt, setHoldStartedAt] = useState<number | null>(null);
  const [now, setNow] = useState(0);
  const [sound, setSound] = useState(true);
  const [announcement, setAnnouncement] = useState('');
  const audio = useRef<AudioContext | null>(null);
  const hold = item.holdSeconds;
  const finished = isFinished(item, progress);
  const left = hold && holdStartedAt !== null ? holdSecondsLeft(hold, holdStartedAt, now) : null;

  useEffect(() => {
    if (holdStartedAt === null || !hold) return;
    const timer = setInterval(() => {
      const at = Date.now();
      if (holdSecondsLeft(hold, holdStartedAt, at) > 0) {
        setNow(at);
        return;
      }
      clearInterval(timer);
      setHoldStartedAt(null);
      step({ type: 'rep' });
      cueEndOfHold(sound ? audio.current : null);
      setAnnouncement('Hold done. Relax.');
    }, 200);
    return () => clearInterval(timer);
  }, [holdStartedAt, hold, sound]);

  function startHold() {
    // Sound may only start from a tap, so the tone's context is made here.
    if (sound && !audio.current && typeof AudioContext !== 'undefined') {
      audio.current = new AudioContext();
    }
    const started = Date.now();
    setNow(started);
    setHoldStartedAt(started);
    setAnnouncement(`Hold for ${hold} seconds.`);
  }

  function markDone() {
    onMarkDone();
    step({ type: 'restart' });
    setAnnouncement(`${item.exerciseName} marked done. Remember to save.`);
  }

  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} className={`${small} mt-2`}>
        Follow along<span className="sr-only">: {item.exerciseName}</span>
      </button>
    );
  }

  return (
    <section
      aria-label={`Follow along: ${item.exerciseName}`}
      className="border-line bg-canvas mt-3 space-y-3 rounded-lg border p-3"
    >
      <p className="text-lg font-semibold">
        {canMarkDone
          ? followAlongStatus(item, progress)
          : 'Done for today — that is everything prescribed.'}
      </p>
      <p role="status" className="sr-only">
        {announcement}
      </p>
      {!canMarkDone ? null : finished ? (
        <button
          type="button"
          onClick={markDone}
          className={`${big} border-brand bg-brand text-white`}
        >
          Mark done<span className="sr-only">: {item.exerciseName}</span>
        </button>
      ) : hold ? (
        left !== null ? (
          <div className="text-center">
            <p
              role="timer"
              aria-label="Seconds left in this hold"
              className="text-6xl font-bold tabular-nums"
            >
              {left}
            </p>
            <button
              type="button"
              onClick={() => setHoldStartedAt(null)}
              className={`${small} mt-2`}
            >
              Stop this hold
            </button>
          </div>
        ) : (
          <button
            type="button"
            onClick={startHold}
            className={`${big} border-brand text-brand-strong bg-surface`}
          >
            Start {hold}-second hold
          </button>
        )
      ) : (
        <button
          type="button"
          onClick={() => step({ type: 'rep' })}
          className={`${big} border-brand text-brand-strong bg-surface`}
        >
          Repetition done
        </button>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          onClick={() => step({ type: 'undo' })}
          disabled={
            !canMarkDone || left !== null || (progress.setsDone === 0 && progress.repsDone === 0)
          }
          className={small}
        >
          Back one repetition
        </button>
        <button type="button" onClick={() => setOpen(false)} className={small}>
          Close
        </button>
        {hold ? (
          <label className="flex min-h-11 items-center gap-2">
            <input
              type="checkbox"
              checked={sound}
              onChange={(e) => setSound(e.target.checked)}
              className="size-5"
            />
            Tone at the end of a hold
          </label>
        ) : null}
      </div>
    </section>
  );
}
