'use client';

import { useState } from 'react';
import { SSO_PROVIDER_ID } from '@/lib/auth/provider-id';

/** next-auth's client loads on the click, so the sign-in page ships only this button. */
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
        import('next-auth/react')
          .then(({ signIn }) => signIn(SSO_PROVIDER_ID, { callbackUrl }))
          .catch(() => setPending(false));
      }}
    >
      {pending ? 'Redirecting…' : `Continue with ${providerName}`}
    </button>
  );
}
