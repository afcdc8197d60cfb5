'use client';

import { setAccountActiveAction } from '@/app/admin/actions';
import { ActionButton } from '@/components/ui/action-button';

export function AccountStatusButton({
  userId,
  name,
  active,
}: {
  userId: string;
  name: string;
  active: boolean;
}) {
  const label = active ? 'Deactivate' : 'Reactivate';
  return (
    <ActionButton
      action={setAccountActiveAction}
      fields={{ userId, active: active ? 'false' : 'true' }}
      label={label}
      ariaLabel={`${label} ${name}`}
      className={`min-h-11 rounded border px-3 py-1.5 text-sm font-medium disabled:opacity-60 ${active ? 'border-danger text-danger hover:bg-danger-soft' : 'border-brand text-brand-strong hover:bg-brand-soft'}`}
    />
  );
}
