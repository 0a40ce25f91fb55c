'use client';

import { useEffect, useId, useRef, useState } from 'react';
import styles from './service-users.module.css';

export interface RevealedToken {
  title: string;
  /** What the token belongs to, e.g. "platform-ci, key ci-2026". */
  subject: string;
  token: string;
}

/**
 * Shows a new token exactly once. It lives only in this component's state: it is not in any SWR cache, URL or
 * storage, so a reload or a dismissal makes it unrecoverable, which the warning says plainly.
 */
export function TokenReveal({ revealed, onDismiss }: { revealed: RevealedToken; onDismiss: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, [revealed]);

  // Until the person says the token is stored, leaving or reloading the page asks first: the token cannot come back.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(revealed.token);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <section className={`card ${styles.reveal}`} aria-labelledby={`${id}-title`} data-testid="token-reveal">
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {revealed.title}
      </h2>
      <div className="alert alert-warning">
        <strong>Copy this token now: it will not be shown again.</strong>
        The portal does not keep it. Store it in your CI system’s secret store; if it is lost, create a new key.
      </div>
      <div className={styles.tokenRow}>
        <label htmlFor={`${id}-token`} className="sr-only">
          Token for {revealed.subject}
        </label>
        <input
          id={`${id}-token`}
          data-testid="new-token"
          readOnly
          value={revealed.token}
          spellCheck={false}
          autoComplete="off"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="btn btn-primary" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <details className={styles.snippets}>
        <summary>How to use it</summary>
        <p className="small muted">Keep the token in your CI system&apos;s secret store as <code>DEVIN_API_KEY</code>, then call Devin with it:</p>
        <pre className={styles.snippet} data-testid="token-snippet">
          {`export DEVIN_API_KEY='${revealed.token}'\n\ncurl -sS https://api.devin.ai/v3/self \\\n  -H "Authorization: Bearer $DEVIN_API_KEY"`}
        </pre>
        <p className="small muted">A dedicated Devin deployment has its own API address; use that instead of api.devin.ai.</p>
      </details>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <span role="status" aria-live="polite" className="small">
          {copied === 'yes' && 'Copied to the clipboard.'}
          {copied === 'failed' && 'The browser did not allow copying; select the token and copy it yourself.'}
        </span>
        <button type="button" className="btn" onClick={onDismiss}>
          I have stored it
        </button>
      </div>
    </section>
  );
}
