'use client';

import { useState } from 'react';

/**
 * Ends the portal session, then the IdP's (when it offers RP-initiated logout), so the next sign-in asks again.
 * next-auth's client loads on the click: every portal page carries this button, few pages are left through it.
 */
export function SignOutButton({ endSessionUrl }: { endSessionUrl: string | null }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="btn"
      disabled={pending}
      onClick={() => {
        setPending(true);
        import('next-auth/react')
          .then(({ signOut }) => signOut({ redirect: false }))
          .then(() => window.location.assign(endSessionUrl ?? '/signin'))
          .catch(() => setPending(false));
      }}
    >
      {pending ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
