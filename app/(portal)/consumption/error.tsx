'use client';

import { ErrorPanel, type ErrorBoundaryProps } from '@/app/_components/error-panel';

export default function ConsumptionError(props: ErrorBoundaryProps) {
  return <ErrorPanel title="Consumption could not be shown" {...props} />;
}
