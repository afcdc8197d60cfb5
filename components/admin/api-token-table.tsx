import type { ApiTokenRow } from '@/db/queries/api-tokens';
import { formatAuditTime } from '@/lib/audit-filters';
import { RevokeTokenButton } from './revoke-token-button';

const STATUS_WORDS: Record<ApiTokenRow['status'], string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
};

function Scope({ token }: { token: ApiTokenRow }) {
  if (token.scope === 'clinic') return <>Every patient</>;
  return <>{token.physioName}’s patients</>;
}

/** The clinic's API tokens, newest first, with a revoke button on each active one. */
export function ApiTokenTable({ tokens }: { tokens: ApiTokenRow[] }) {
  if (tokens.length === 0) {
    return <p className="text-muted">No API tokens yet.</p>;
  }
  return (
    <div
      role="region"
      aria-label="API tokens"
      tabIndex={0}
      className="border-line bg-surface overflow-x-auto rounded-lg border"
    >
      <table className="w-full text-left text-sm">
        <caption className="sr-only">API tokens</caption>
        <thead className="border-line bg-canvas border-b">
          <tr>
            {['Name', 'Reads', 'Status', 'Created', 'Expires', 'Last used', ''].map((heading) => (
              <th key={heading} scope="col" className="px-3 py-3 font-semibold whitespace-nowrap">
                {heading || <span className="sr-only">Revoke</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id} className="border-line border-b align-top last:border-0">
              <td className="px-3 py-2">
                {token.name}
                <code className="text-muted block text-xs">{token.secretStart}…</code>
              </td>
              <td className="px-3 py-2">
                <Scope token={token} />
              </td>
              <td className="px-3 py-2">{STATUS_WORDS[token.status]}</td>
              <td className="px-3 py-2 tabular-nums">
                {formatAuditTime(token.createdAt)}
                <span className="text-muted block text-xs">by {token.createdByName}</span>
              </td>
              <td className="px-3 py-2 tabular-nums">
                {token.revokedAt ? (
                  <>Revoked {formatAuditTime(token.revokedAt)}</>
                ) : (
                  formatAuditTime(token.expiresAt)
                )}
              </td>
              <td className="px-3 py-2 tabular-nums">
                {token.lastUsedAt ? formatAuditTime(token.lastUsedAt) : 'Never'}
              </td>
              <td className="px-3 py-2">
                {token.status === 'active' ? (
                  <RevokeTokenButton tokenId={token.id} name={token.name} />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
