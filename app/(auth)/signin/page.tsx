import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { getCurrentUser } from '@/lib/auth/session';
import { env } from '@/lib/env';
import { SignInButton } from './_components/sign-in-button';

export const metadata: Metadata = { title: 'Sign in' };

const ERROR_MESSAGES: Record<string, string> = {
  AccessDenied: 'Your identity provider did not give the portal an email address, so it cannot tell which Devin organizations are yours.',
  EmailUnverified: 'Your identity provider has not verified your email address, and the portal keys your Devin access to it. Verify it there, then sign in again.',
  DomainNotAllowed: 'Your email address is not in a domain this portal accepts. Sign in with your company account.',
  OAuthCallback: 'Sign-in could not be completed. Try again.',
  OAuthSignin: 'The identity provider could not be reached. Try again in a moment.',
  SessionRequired: 'Sign in to continue.',
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[] }> }) {
  const { callbackUrl, error: errorParam } = await searchParams;
  // Only same-origin paths, and never a throw: a callbackUrl is attacker-controllable (`/\evil`, CR/LF, junk).
  const target = safeCallbackPath(callbackUrl, env().NEXTAUTH_URL);
  const error = typeof errorParam === 'string' ? errorParam : undefined;
  if (await getCurrentUser()) redirect(target);

  const message = error ? (Object.hasOwn(ERROR_MESSAGES, error) ? ERROR_MESSAGES[error] : 'Sign-in failed. Try again.') : null;
  return (
    <div className="card auth-card">
      <div className="brand">
        <span className="brand-mark" aria-hidden />
        Devin Portal
      </div>
      <h1>Sign in</h1>
      <p className="muted">Use your company account to start Devin sessions, manage your team&apos;s organizations and see what you spend.</p>
      {message && (
        <div className="alert alert-error" role="alert" style={{ margin: '12px 0' }}>
          {message}
        </div>
      )}
      <div style={{ marginTop: 20 }}>
        <SignInButton callbackUrl={target} providerName={env().OIDC_DISPLAY_NAME} />
      </div>
    </div>
  );
}
