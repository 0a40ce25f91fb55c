import Link from 'next/link';
import type { ReactNode } from 'react';
import { getEndSessionUrl } from '@/lib/auth/end-session';
import { requireUser } from '@/lib/auth/session';
import { NAV_ITEMS } from '@/lib/nav';
import { ScrollableRegions } from '@/app/_components/scrollable-regions';
import { can } from '@/lib/policy/permissions';
import { NavLinks } from './_components/nav-links';
import { SignOutButton } from './_components/sign-out-button';
import { TopbarMenu } from './_components/topbar-menu';

// Gate 2, for the experience only: pages and route handlers check the session again themselves.
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const endSessionUrl = await getEndSessionUrl(); // discovery is fetched once per process
  const items = NAV_ITEMS.filter((item) => can(user, item.action)).map(({ href, label }) => ({ href, label }));
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link href="/" className="brand">
            <span className="brand-mark" aria-hidden />
            Devin Portal
          </Link>
          <TopbarMenu>
            <NavLinks items={items} />
            <div className="user-menu" data-testid="user-menu">
              <div className="user-meta">
                <div className="name">{user.name}</div>
                <div className="email">
                  {user.email}
                  {user.role === 'admin' && <span className="badge badge-accent">admin</span>}
                </div>
              </div>
              <SignOutButton endSessionUrl={endSessionUrl} />
            </div>
          </TopbarMenu>
        </div>
      </header>
      <main id="main" className="main">
        {children}
      </main>
      <ScrollableRegions />
    </>
  );
}
