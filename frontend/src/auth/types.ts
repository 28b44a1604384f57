/**
 * What a session is, shared by ./session.ts (which keeps it) and ./oidc.ts (which makes one from
 * the identity provider's answer). Types only: session.ts loads oidc.ts on demand, and oidc.ts
 * imports nothing of session.ts, so the two stay one way (eslint checks it).
 */

export interface Session {
  accessToken: string;
  expiresAt: number; // epoch milliseconds
  refreshToken?: string;
  refreshExpiresAt?: number; // for a provider's refresh token: unknown when absent
  /** Set when the municipality's identity provider issued the token; absent for a password login. */
  provider?: ProviderSession;
}

/** What a provider session needs to refresh and to end: the provider's endpoints and the client. */
export interface ProviderSession {
  issuer: string;
  clientId: string;
  tokenEndpoint: string;
  endSessionEndpoint?: string;
  /** The subject of the first ID token; a refreshed one must name the same. */
  subject: string;
}
