import { formatDate } from '@/lib/format';
import { programmeEndedBefore } from '@/lib/day-log';
import type { DayLog } from '@/db/queries/day-log';

const box = 'border-line bg-surface mb-6 rounded-lg border p-5';

/**
 * What Today says above the form when the day has no exercises: no programme, a rest day, or a
 * programme that ended. After the discharge date nothing can be saved, so it does not invite a pain
 * score then.
 */
export function ProgrammeNotice({ log }: { log: DayLog }) {
  if (programmeEndedBefore(log.date, log.dischargedOn)) {
    return (
      <p className={box}>
        Your programme ended on {formatDate(log.dischargedOn!)}, so there is nothing to log for this
        day. Your physiotherapist is {log.physioName}; contact them if your back needs more help.
      </p>
    );
  }
  if (!log.routine) {
    return (
      <p className={box}>
        {log.dischargedOn
          ? `Your programme ended on ${formatDate(log.dischargedOn)}.`
          : 'You have no exercise programme for this day.'}{' '}
        Your physiotherapist is {log.physioName}; ask them if you think you should have one. You can
        still record your back pain below.
      </p>
    );
  }
  if (log.items.length === 0) {
    return (
      <p className={box}>
        Nothing is scheduled on this day in “{log.routine.title}”. Enjoy the rest day — you can
        still record your back pain below.
      </p>
    );
  }
  return null;
}
