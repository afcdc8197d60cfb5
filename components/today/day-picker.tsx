import Link from 'next/link';
import type { IsoDate } from '@/lib/dates';

function label(date: IsoDate, index: number): string {
  if (index === 0) return 'Today';
  if (index === 1) return 'Yesterday';
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** Today and the days before it that can still be logged; never a future day. */
export function DayPicker({ dates, selected }: { dates: IsoDate[]; selected: IsoDate }) {
  return (
    <nav aria-label="Choose a day to log" className="relative -mx-4 mb-4 overflow-x-auto px-4">
      <ul className="flex gap-2">
        {dates.map((date, index) => (
          <li key={date}>
            <Link
              href={index === 0 ? '/patient' : `/patient?date=${date}`}
              aria-current={date === selected ? 'date' : undefined}
              className="border-line bg-surface aria-[current=date]:border-brand aria-[current=date]:bg-brand inline-flex min-h-11 items-center rounded-full border px-3 text-sm font-medium whitespace-nowrap aria-[current=date]:text-white"
            >
              {label(date, index)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
