import type { AuditLogRow } from '@/db/queries/audit-log';
import {
  auditActionLabel,
  auditActorWithoutAccount,
  formatAuditDetails,
  formatAuditTime,
} from '@/lib/audit-filters';
import { DataTable } from '@/components/ui/data-table';
import { ROLE_LABEL } from './labels';

function NoValue() {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="sr-only">none</span>
    </>
  );
}

/** What a denied request asked for, by where it came in. */
const ASKED_FOR: Record<string, string> = {
  page: 'Page',
  action: 'Action',
  route: 'Download or API',
  api_token: 'API token',
};

function Target({ row }: { row: AuditLogRow }) {
  if (row.targetName) {
    return (
      <>
        {row.targetName}
        <span className="text-muted block text-xs break-all">{row.targetEmail}</span>
      </>
    );
  }
  const asked = row.targetType ? ASKED_FOR[row.targetType] : undefined;
  if (asked && row.targetId) {
    return (
      <>
        {asked} <code className="text-xs break-all">{row.targetId}</code>
      </>
    );
  }
  if (row.targetType === 'report') return <>Report</>;
  if (row.targetType === 'outcome_definition' && row.targetId) {
    return (
      <>
        Questionnaire <code className="text-xs break-all">{row.targetId}</code>
      </>
    );
  }
  if (row.targetType) {
    return (
      <>
        {row.targetType}
        {row.targetId ? (
          <code className="text-muted block text-xs break-all">{row.targetId}</code>
        ) : null}
      </>
    );
  }
  return <NoValue />;
}

const COLUMNS = [
  { header: 'When (UTC)', className: 'px-3 py-3 font-semibold whitespace-nowrap' },
  { header: 'Who' },
  { header: 'Action' },
  { header: 'Target' },
  { header: 'Address' },
  { header: 'Details' },
];

/** The audit entries of one page, newest first. Read-only: there is nothing to act on here. */
export function AuditLogTable({ rows, caption }: { rows: AuditLogRow[]; caption: string }) {
  return (
    <DataTable
      caption={caption}
      label={caption}
      columns={COLUMNS}
      headerClassName="px-3 py-3 font-semibold"
    >
      {rows.map((row) => {
        const details = formatAuditDetails(row.details);
        return (
          <tr key={row.id} className="border-line border-b align-top last:border-0">
            <td className="px-3 py-2 whitespace-nowrap tabular-nums">
              <time dateTime={row.occurredAt.toISOString()}>{formatAuditTime(row.occurredAt)}</time>
            </td>
            <td className="px-3 py-2">
              {row.actorName ? (
                <>
                  {row.actorName}
                  <span className="text-muted block text-xs">
                    {row.actorRole ? ROLE_LABEL[row.actorRole] : null}
                    {row.actorEmail ? ` · ${row.actorEmail}` : null}
                  </span>
                </>
              ) : (
                <span className="text-muted">{auditActorWithoutAccount(row.details)}</span>
              )}
            </td>
            <th scope="row" className="px-3 py-2 font-medium">
              {auditActionLabel(row.action)}
              <code className="text-muted block text-xs font-normal">{row.action}</code>
            </th>
            <td className="px-3 py-2">
              <Target row={row} />
            </td>
            <td className="px-3 py-2 whitespace-nowrap">{row.ip ?? <NoValue />}</td>
            <td className="max-w-xs px-3 py-2">
              {details ? <code className="text-xs break-all">{details}</code> : <NoValue />}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
