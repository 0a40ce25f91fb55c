'use client';

import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { SSO_PROVIDER_ID } from '@/lib/auth/provider-id';

export function SignInButton({ callbackUrl, providerName }: { callbackUrl: string; providerName: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-primary btn-lg"
      style={{ width: '100%' }}
      disabled={pending}
      aria-busy={pending}
      onClick={() => {
        setPending(true);
        void signIn(SSO_PROVIDER_ID, { callbackUrl });
      }}
    >
      {pending ? 'Redirecting…' : `Continue with ${providerName}`}
    </button>
  );
}
