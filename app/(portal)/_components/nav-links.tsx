'use client';

import Link, { useLinkStatus } from 'next/link';
import { usePathname } from 'next/navigation';

/** Shows that a page is on its way while the server renders it (pages stream their panels, but not their frame). */
function Pending() {
  const { pending } = useLinkStatus();
  return <span className="nav-pending" data-pending={pending} aria-hidden />;
}

export function NavLinks({ items }: { items: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <nav className="nav" aria-label="Main">
      {items.map((item) => {
        const active = item.href === '/' ? pathname === '/' : pathname.startsWith(item.href);
        return (
          <Link key={item.href} href={item.href} aria-current={active ? 'page' : undefined}>
            {item.label}
            <Pending />
          </Link>
        );
      })}
    </nav>
  );
}
