'use client';

import { ErrorPanel, type ErrorBoundaryProps } from '@/app/_components/error-panel';

export default function AlertsError(props: ErrorBoundaryProps) {
  return <ErrorPanel title="Alerts could not be shown" {...props} />;
}
