/**
 * A `TokenCredential` over a token source the caller already has (VS Code's Microsoft account
 * session): the Azure SDK clients take it like any `@azure/identity` credential.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';

export interface TokenSource {
  /** Returns a bearer token for the scopes (e.g. from `vscode.authentication.getSession`). */
  (scopes: string[], options?: GetTokenOptions): Promise<{ token: string; expiresOnTimestamp?: number }>;
}

/** Default lifetime assumed when the source does not say (VS Code sessions do not expose it). */
const DEFAULT_LIFETIME_MS = 50 * 60 * 1000;

export function tokenCredential(source: TokenSource): TokenCredential {
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      const list = Array.isArray(scopes) ? scopes : [scopes];
      const r = await source(list, options);
      return { token: r.token, expiresOnTimestamp: r.expiresOnTimestamp ?? Date.now() + DEFAULT_LIFETIME_MS };
    },
  };
}
