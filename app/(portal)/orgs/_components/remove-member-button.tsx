'use client';

import { useRouter } from 'next/navigation';
import { apiFetch } from '@/lib/swr/fetcher';
import { ActionDialog } from './action-dialog';

export function RemoveMemberButton({ orgId, userId, label }: { orgId: string; userId: string; label: string }) {
  const router = useRouter();
  return (
    <ActionDialog
      triggerLabel="Remove"
      triggerAriaLabel={`Remove ${label}`}
      triggerClassName="btn btn-ghost"
      title={`Remove ${label}?`}
      description="They lose access to this organization and its sessions at once. You can add them again later."
      confirmLabel="Remove from organization"
      confirmClassName="btn btn-danger"
      onConfirm={async () => {
        await apiFetch(`/api/orgs/${orgId}/members/${userId}`, { method: 'DELETE' });
        router.refresh();
      }}
    />
  );
}
