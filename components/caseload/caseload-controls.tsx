import { SearchField } from '@/components/ui/form-field';
import type { CaseloadView } from '@/lib/caseload-view';

/** Search and the "flagged only" filter, as a GET form: the view lives in the URL. */
export function CaseloadControls({ view }: { view: CaseloadView }) {
  return (
    <form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-3">
      <SearchField id="caseload-search" label="Search by name" name="q" defaultValue={view.q} />
      <label className="flex min-h-11 items-center gap-2 text-sm font-medium">
        <input
          type="checkbox"
          name="flagged"
          value="1"
          defaultChecked={view.flagged}
          className="size-5"
        />
        Flagged only
      </label>
      <input type="hidden" name="sort" value={view.sort} />
      {view.dir ? <input type="hidden" name="dir" value={view.dir} /> : null}
      <button
        type="submit"
        className="bg-brand min-h-11 rounded px-4 py-2 font-semibold text-white"
      >
        Show
      </button>
    </form>
  );
}
