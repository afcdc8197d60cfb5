import type { PhysioOption } from '@/db/queries/accounts';
import { EARLIEST_DATE } from '@/lib/date-range';

const control = 'border-line bg-surface mt-1 block min-h-11 w-full rounded border px-3 py-2';

/**
 * The weekly CSV's filters as a plain GET form to the export route: the browser downloads the
 * file itself, so it works without JavaScript and however large the file is.
 */
export function WeeklyCsvForm({ physios, today }: { physios: PhysioOption[]; today: string }) {
  return (
    <form
      method="get"
      action="/api/reports/weekly.csv"
      className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-end"
    >
      <div>
        <label htmlFor="csv-physio" className="font-medium">
          Physiotherapist
        </label>
        <select id="csv-physio" name="physio" defaultValue="" className={control}>
          <option value="">All physiotherapists</option>
          {physios.map((physio) => (
            <option key={physio.id} value={physio.id}>
              {physio.name}
              {physio.active ? '' : ' (deactivated)'}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="csv-from" className="font-medium">
          From
        </label>
        <input
          id="csv-from"
          name="from"
          type="date"
          min={EARLIEST_DATE}
          max={today}
          className={control}
        />
      </div>
      <div>
        <label htmlFor="csv-to" className="font-medium">
          To
        </label>
        <input
          id="csv-to"
          name="to"
          type="date"
          min={EARLIEST_DATE}
          max={today}
          className={control}
        />
      </div>
      <button
        type="submit"
        className="bg-brand hover:bg-brand-strong min-h-11 rounded px-4 py-2 font-semibold text-white"
      >
        Download CSV
      </button>
    </form>
  );
}
