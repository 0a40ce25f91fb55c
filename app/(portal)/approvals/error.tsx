'use client';

import { ErrorPanel, type ErrorBoundaryProps } from '@/app/_components/error-panel';

export default function ApprovalsError(props: ErrorBoundaryProps) {
  return <ErrorPanel title="Approvals could not be shown" {...props} />;
}
