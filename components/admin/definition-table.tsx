import { DataTable } from '@/components/ui/data-table';
import type { DefinitionListing } from '@/db/queries/outcome-definitions';
import { formatAuditTime } from '@/lib/audit-filters';

/** The questionnaires Adhere knows, shipped first, each version on its own row. */
export function DefinitionTable({ listings }: { listings: DefinitionListing[] }) {
  return (
    <DataTable
      caption="Questionnaires"
      label="Questionnaires"
      headerClassName="px-3 py-3 font-semibold whitespace-nowrap"
      columns={[
        { header: 'Questionnaire' },
        { header: 'Id' },
        { header: 'Version' },
        { header: 'Questions' },
        { header: 'Source' },
      ]}
    >
      {listings.map(({ definition, source, uploadedByName, uploadedAt }) => (
        <tr
          key={`${definition.id}@${definition.version}`}
          className="border-line border-b align-top last:border-0"
        >
          <td className="px-3 py-2">
            {definition.name}
            <span className="text-muted block text-xs">{definition.copyright}</span>
          </td>
          <td className="px-3 py-2">
            <code>{definition.id}</code>
          </td>
          <td className="px-3 py-2 tabular-nums">{definition.version}</td>
          <td className="px-3 py-2 tabular-nums">{definition.items.length}</td>
          <td className="px-3 py-2">
            {source === 'shipped' ? (
              'Shipped with Adhere'
            ) : (
              <>
                Added by the clinic
                {uploadedAt ? (
                  <span className="text-muted block text-xs">
                    {formatAuditTime(uploadedAt)} by {uploadedByName}
                  </span>
                ) : null}
              </>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
