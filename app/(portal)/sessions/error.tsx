'use client';

import { ErrorPanel, type ErrorBoundaryProps } from '@/app/_components/error-panel';

export default function SessionsError(props: ErrorBoundaryProps) {
  return <ErrorPanel title="Sessions could not be shown" {...props} />;
}
