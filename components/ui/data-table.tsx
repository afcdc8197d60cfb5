import type { ReactNode } from 'react';

export interface TableColumn {
  header: ReactNode;
  /** The header cell's classes, when not the table's `headerClassName`. */
  className?: string;
}

// `relative`, so that the screen-reader-only text in its cells (absolutely positioned) scrolls and
// is clipped with the table: otherwise a table wider than the phone (at the patient's largest text
// size) leaves it sticking out past the page's right edge, and the whole page scrolls sideways.
const BOX = 'border-line bg-surface relative overflow-x-auto rounded-lg border';

/**
 * A bordered table of records: a caption for screen readers, a row of column headers, the rows
 * (`children`) and an optional `footer` (a `<tfoot>`). With `label`, the box is a named,
 * focusable region, so that keyboard users can scroll it on a narrow screen.
 */
export function DataTable({
  caption,
  label,
  columns,
  headerClassName,
  tableClassName = 'w-full text-left text-sm',
  footer,
  children,
}: {
  caption: ReactNode;
  label?: string;
  columns: readonly TableColumn[];
  headerClassName: string;
  /** The table's own classes, e.g. one that styles every body cell from the stylesheet. */
  tableClassName?: string;
  footer?: ReactNode;
  children: ReactNode;
}) {
  const table = (
    <table className={tableClassName}>
      <caption className="sr-only">{caption}</caption>
      <thead className="border-line bg-canvas border-b">
        <tr>
          {columns.map((column, index) => (
            <th key={index} scope="col" className={column.className ?? headerClassName}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
      {footer}
    </table>
  );
  if (!label) return <div className={BOX}>{table}</div>;
  return (
    <div role="region" aria-label={label} tabIndex={0} className={BOX}>
      {table}
    </div>
  );
}
