'use client';

import { ErrorPanel, type ErrorBoundaryProps } from '@/app/_components/error-panel';

export default function ServiceUsersError(props: ErrorBoundaryProps) {
  return <ErrorPanel title="Service users could not be shown" {...props} />;
}
