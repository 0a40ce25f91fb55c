/** A first-party relying party (the portal). Consent is granted automatically for it. */
export interface IdpClient {
  clientId: string;
  clientSecret: string;
  /** Exact-match callback URLs, e.g. `http://localhost:3000/api/auth/callback/sso`. */
  redirectUris: string[];
  /** Where RP-initiated logout may return to. */
  postLogoutRedirectUris?: string[];
  /**
   * OIDC back-channel logout: when a person's IdP session ends, the IdP POSTs a signed logout token (with the
   * IdP session id, `sid`, which the ID token then carries too) here, so the client can end its own sign-in.
   */
  backchannelLogoutUri?: string;
}

export interface IdpOptions {
  /** Default 4000; 0 picks a free port. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Default `http://<host>:<port>` (a wildcard host is reached through 127.0.0.1). Origin only: no path. */
  issuer?: string;
  clients: IdpClient[];
  /** Receives one line per sign-in attempt and per server error. Default console.log. */
  log?: (line: string) => void;
}

export interface RunningIdp {
  /** e.g. http://127.0.0.1:4000, no trailing slash. */
  issuer: string;
  close(): Promise<void>;
}
