'use client';

import { ErrorPanel, type ErrorBoundaryProps } from '@/app/_components/error-panel';

export default function PortalError(props: ErrorBoundaryProps) {
  return <ErrorPanel title="This page could not be shown" {...props} />;
}
