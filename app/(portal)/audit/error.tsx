'use client';

import { ErrorPanel, type ErrorBoundaryProps } from '@/app/_components/error-panel';

export default function AuditError(props: ErrorBoundaryProps) {
  return <ErrorPanel title="The audit log could not be shown" {...props} />;
}
