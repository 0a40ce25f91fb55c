'use client';

import { type ReactNode, useEffect, useId, useRef, useState } from 'react';

/**
 * The navigation and the user menu. Wide screens show them inline; narrow ones fold them behind a Menu button
 * (CSS decides which, so nothing jumps on hydration). Following a link or pressing Escape folds it again.
 */
export function TopbarMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <>
      <button
        ref={button}
        type="button"
        className="btn menu-toggle"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((v) => !v)}
      >
        <span className="menu-icon" aria-hidden data-open={open} />
        Menu
      </button>
      <div
        id={menuId}
        className="topbar-menu"
        data-open={open}
        onClick={(e) => {
          if ((e.target as HTMLElement).closest('a')) setOpen(false);
        }}
      >
        {children}
      </div>
    </>
  );
}
