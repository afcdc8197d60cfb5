import type { PhysioOption } from '@/db/queries/accounts';
import {
  InputField,
  filterButtonClass,
  SelectField,
  wideFilterControlClass,
} from '@/components/ui/form-field';
import { EARLIEST_DATE } from '@/lib/date-range';
import { physioOptions } from './labels';

/**
 * The weekly CSV's filters as a plain GET form to the export route: the browser downloads the
 * file itself, so it works without JavaScript and however large the file is.
 */
export function WeeklyCsvForm({ physios, today }: { physios: PhysioOption[]; today: string }) {
  const date = {
    type: 'date',
    min: EARLIEST_DATE,
    max: today,
    controlClassName: wideFilterControlClass,
  };
  return (
    <form
      method="get"
      action="/api/reports/weekly.csv"
      className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-end"
    >
      <SelectField
        id="csv-physio"
        label="Physiotherapist"
        name="physio"
        defaultValue=""
        options={physioOptions(physios, 'All physiotherapists')}
        controlClassName={wideFilterControlClass}
      />
      <InputField {...date} id="csv-from" label="From" name="from" />
      <InputField {...date} id="csv-to" label="To" name="to" />
      <button type="submit" className={filterButtonClass}>
        Download CSV
      </button>
    </form>
  );
}
