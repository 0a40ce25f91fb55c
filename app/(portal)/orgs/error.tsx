'use client';

import { ErrorPanel, type ErrorBoundaryProps } from '@/app/_components/error-panel';

export default function OrgsError(props: ErrorBoundaryProps) {
  return <ErrorPanel title="Organizations could not be shown" {...props} />;
}
