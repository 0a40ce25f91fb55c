'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';

/** Ends the portal session, then the IdP's (when it offers RP-initiated logout), so the next sign-in asks again. */
export function SignOutButton({ endSessionUrl }: { endSessionUrl: string | null }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="btn"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signOut({ redirect: false }).then(() => window.location.assign(endSessionUrl ?? '/signin'));
      }}
    >
      {pending ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
