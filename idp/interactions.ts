import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, type Interaction, type Provider } from 'oidc-provider';
import { authenticate, DEMO_PASSWORD, featuredAccounts } from './accounts';
import { HttpError, readForm, sendHtml } from './http';
import { errorPage, loginPage } from './views';

/**
 * The interaction endpoints oidc-provider sends the browser to:
 *
 *   GET  /interaction/:uid         the login form, or (after login) the consent
 *                                  step, granted at once: every client is first-party
 *   POST /interaction/:uid/login   checks email + password
 *   POST /interaction/:uid/abort   "Cancel": back to the client with access_denied
 */

export const INTERACTION_PREFIX = '/interaction/';
const ROUTE = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/;
/** Longest email echoed back into the form or the log. */
const MAX_EMAIL = 320;

type Log = (line: string) => void;

export function interactionHandler(provider: Provider, log: Log) {
  const demo = { password: DEMO_PASSWORD, accounts: featuredAccounts() };

  /** Serves a request whose path starts with INTERACTION_PREFIX. Never rejects. */
  return async function handleInteraction(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const match = ROUTE.exec(pathname);
    if (!match) {
      sendHtml(res, 404, errorPage({ title: 'Page not found', message: 'There is nothing at this address.' }));
      return;
    }
    const [, uid = '', action] = match;
    const method = action ? 'POST' : 'GET';
    if (req.method !== method) {
      sendHtml(res, 405, errorPage({ title: 'Method not allowed', message: `Use ${method} here.` }), { Allow: method });
      return;
    }

    try {
      const interaction = await provider.interactionDetails(req, res);
      // The cookie names the browser's current interaction; an older tab's uid is stale.
      if (interaction.uid !== uid) throw new errors.SessionNotFound('interaction uid does not match the cookie');
      if (action === 'login') await submitLogin(req, res, interaction);
      else if (action === 'abort') await abort(req, res, interaction);
      else await show(req, res, interaction);
    } catch (error) {
      if (error instanceof errors.SessionNotFound) {
        sendHtml(
          res,
          400,
          errorPage({
            title: 'This sign-in has expired',
            message: 'The sign-in request is no longer valid (it timed out, or was already completed). Go back to the application and sign in again.',
          }),
        );
      } else if (error instanceof HttpError) {
        sendHtml(res, error.status, errorPage({ title: 'Request not accepted', message: error.message }), { Connection: 'close' });
      } else {
        log(`[idp] ${req.method} ${pathname} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        if (!res.headersSent) sendHtml(res, 500, errorPage({ title: 'Something went wrong', message: 'The sign-in could not continue. Try again in a moment.' }));
        else res.destroy();
      }
    }
  };

  async function show(req: IncomingMessage, res: ServerResponse, interaction: Interaction) {
    switch (interaction.prompt.name) {
      case 'login': {
        const hint = typeof interaction.params.login_hint === 'string' ? interaction.params.login_hint.slice(0, MAX_EMAIL) : '';
        sendHtml(res, 200, loginPage({ uid: interaction.uid, email: hint, demo }));
        return;
      }
      case 'consent':
        await grantConsent(req, res, interaction);
        return;
      default:
        sendHtml(res, 400, errorPage({ title: 'Sign-in could not continue', message: 'This sign-in step is not supported.', detail: interaction.prompt.name }));
    }
  }

  async function submitLogin(req: IncomingMessage, res: ServerResponse, interaction: Interaction) {
    if (interaction.prompt.name !== 'login') {
      // Already signed in (e.g. a double submit): carry on from the interaction page.
      redirect(res, `/interaction/${interaction.uid}`);
      return;
    }
    const form = await readForm(req);
    const email = (form.get('email') ?? '').trim().slice(0, MAX_EMAIL);
    const result = authenticate(email, form.get('password') ?? '');
    const client = String(interaction.params.client_id);

    if (!result.ok) {
      log(`[idp] sign-in failed for ${JSON.stringify(email)}: ${result.reason} (client ${client})`);
      sendHtml(res, 200, loginPage({ uid: interaction.uid, email, failed: true, demo }));
      return;
    }
    const { account } = result;
    log(`[idp] sign-in succeeded for ${account.email} (sub ${account.sub}, client ${client})`);
    await provider.interactionFinished(req, res, { login: { accountId: account.sub, amr: ['pwd'] } }, { mergeWithLastSubmission: false });
  }

  /** First-party clients: grant what the request asks for, without a consent page. */
  async function grantConsent(req: IncomingMessage, res: ServerResponse, interaction: Interaction) {
    const { prompt, params, session, grantId } = interaction;
    if (!session) throw new errors.SessionNotFound('consent requested without a signed-in session');
    const grant = grantId ? await provider.Grant.find(grantId) : new provider.Grant({ accountId: session.accountId, clientId: String(params.client_id) });
    if (!grant) throw new errors.SessionNotFound('the grant of this interaction is gone');

    const missingScope = strings(prompt.details.missingOIDCScope);
    const missingClaims = strings(prompt.details.missingOIDCClaims);
    if (missingScope.length) grant.addOIDCScope(missingScope);
    if (missingClaims.length) grant.addOIDCClaims(missingClaims);
    const resourceScopes = prompt.details.missingResourceScopes;
    if (resourceScopes && typeof resourceScopes === 'object') {
      for (const [indicator, scopes] of Object.entries(resourceScopes)) grant.addResourceScope(indicator, strings(scopes));
    }
    const savedGrantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId: savedGrantId } }, { mergeWithLastSubmission: true });
  }

  async function abort(req: IncomingMessage, res: ServerResponse, interaction: Interaction) {
    log(`[idp] sign-in cancelled (client ${String(interaction.params.client_id)})`);
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'The user cancelled the sign-in.' },
      { mergeWithLastSubmission: false },
    );
  }
}

function redirect(res: ServerResponse, location: string) {
  res.writeHead(303, { Location: location, 'Content-Length': 0 });
  res.end();
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
