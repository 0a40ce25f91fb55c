import { createHash } from 'node:crypto';
import { html, trusted, type Html } from './html';

/**
 * The IdP's pages: server-rendered, no JavaScript, one inline stylesheet
 * (allowed by its hash in the Content-Security-Policy, see headers.ts).
 */

export const IDP_NAME = 'Acme SSO';

const STYLES = `
:root{color-scheme:light dark;--bg:#f3f4f6;--card:#fff;--text:#1c2330;--muted:#566070;--border:#cfd4dc;--accent:#2b55c8;--on-accent:#fff;--error-bg:#fdecec;--error:#9f1b1f;--focus:#1a4ad0}
@media (prefers-color-scheme:dark){:root{--bg:#11141a;--card:#1a1f28;--text:#e7eaef;--muted:#a4adba;--border:#3a4250;--accent:#7b9af2;--on-accent:#0b1020;--error-bg:#3b1719;--error:#ffbdbd;--focus:#a9bdff}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:grid;place-items:center;padding:24px 16px;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:100%;max-width:420px}
.card{background:var(--card);border:1px solid var(--border);border-radius:12px;padding:32px}
h1{margin:0 0 24px;font-size:1.5rem;line-height:1.25}
p{margin:0 0 16px}
label{display:block;margin:0 0 4px;font-weight:600}
input{display:block;width:100%;margin:0 0 16px;padding:10px 12px;font:inherit;color:inherit;background:transparent;border:1px solid var(--border);border-radius:8px}
input[aria-invalid=true]{border-color:var(--error)}
input:focus-visible,button:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
button{display:block;width:100%;padding:10px 16px;font:inherit;font-weight:600;border:1px solid transparent;border-radius:8px;cursor:pointer;background:var(--accent);color:var(--on-accent)}
button.secondary{margin-top:12px;background:transparent;color:var(--text);border-color:var(--border)}
.alert{padding:10px 12px;border-radius:8px;background:var(--error-bg);color:var(--error);font-weight:600}
.detail{font-size:.875rem;color:var(--muted);overflow-wrap:anywhere}
.note{margin-top:20px;padding:16px 20px;border:1px dashed var(--border);border-radius:12px;font-size:.875rem;color:var(--muted)}
.note h2{margin:0 0 8px;font-size:.9375rem;color:var(--text)}
.note p{margin:0 0 8px}
.note ul{margin:0;padding:0;list-style:none}
.note li{margin:6px 0}
a{color:var(--accent)}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--text)}
`;

/** For `style-src` in the Content-Security-Policy. */
export const STYLE_SOURCE = `'sha256-${createHash('sha256').update(STYLES).digest('base64')}'`;

function page(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${title} · ${IDP_NAME}</title>
<style>${trusted(STYLES)}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`.value;
}

export interface DemoAccountHint {
  email: string;
  description: string;
}

export interface LoginView {
  /** The interaction uid: the form posts to /interaction/<uid>/login. */
  uid: string;
  /** Echoed back after a failed attempt, or the client's login_hint. */
  email?: string;
  failed?: boolean;
  demo?: { password: string; accounts: DemoAccountHint[] };
}

export function loginPage({ uid, email = '', failed = false, demo }: LoginView): string {
  const invalid = failed ? html` aria-invalid="true" aria-describedby="login-error"` : '';
  return page(
    'Sign in',
    html`<div class="card">
<h1>Sign in to ${IDP_NAME}</h1>
${failed && html`<p class="alert" role="alert" id="login-error">Wrong email or password</p>`}
<form method="post" action="/interaction/${uid}/login">
<label for="email">Email</label>
<input id="email" name="email" type="email" value="${email}" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus${invalid}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
<button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${uid}/abort">
<button type="submit" class="secondary">Cancel</button>
</form>
</div>
${demo && demoNote(demo)}`,
  );
}

function demoNote({ password, accounts }: NonNullable<LoginView['demo']>): Html {
  return html`<aside class="note" aria-labelledby="demo-heading">
<h2 id="demo-heading">Demo identity provider</h2>
<p>This is the portal's built-in demo sign-in, not a real company directory. Every account uses the password <code>${password}</code>.</p>
<ul>
${accounts.map((a) => html`<li><code>${a.email}</code> — ${a.description}</li>\n`)}</ul>
</aside>`;
}

export function logoutPage({ form, account }: { form: Html; account?: { name: string; email: string } }): string {
  return page(
    'Sign out',
    html`<div class="card">
<h1>Sign out of ${IDP_NAME}?</h1>
${account && html`<p>You are signed in as ${account.name} (${account.email}).</p>`}
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button>
<button type="submit" form="op.logoutForm" class="secondary">Stay signed in</button>
</div>`,
  );
}

/** What the issuer URL shows when opened directly. */
export function homePage(): string {
  return page(
    IDP_NAME,
    html`<div class="card">
<h1>${IDP_NAME}</h1>
<p>This service signs people in to the Devin Portal. Open the portal and choose to sign in; it brings you here.</p>
<p class="detail">OpenID Connect discovery: <a href="/.well-known/openid-configuration">/.well-known/openid-configuration</a></p>
</div>`,
  );
}

export function signedOutPage(): string {
  return page(
    'Signed out',
    html`<div class="card">
<h1>You are signed out</h1>
<p>Your ${IDP_NAME} session has ended. You can close this tab.</p>
</div>`,
  );
}

export interface ErrorView {
  title: string;
  message: string;
  /** Protocol detail (e.g. `invalid_request: …`) for whoever debugs the client. */
  detail?: string;
}

export function errorPage({ title, message, detail }: ErrorView): string {
  return page(
    title,
    html`<div class="card">
<h1>${title}</h1>
<p>${message}</p>
${detail && html`<p class="detail">${detail}</p>`}
</div>`,
  );
}
