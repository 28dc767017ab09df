// One access-token renewal at a time per session, and only for the token that actually failed (issue 18 item 5).
// EHRs rotate refresh tokens: each works once and its use revokes the access token issued with it. A parallel round
// of reads that meets a 401 must therefore renew ONCE: every read that failed with the same token waits for that one
// renewal and retries once with its result; a read that failed with a token already replaced retries at once with
// the new one and renews nothing (a second renewal would revoke the token the first one just handed out).
// fhirclient's own request() renews before every request whose token is within 10 s of expiry (with 1-second or
// soon-expiring tokens: between the reads of one round, each renewal revoking the token the others still use) and
// wipes the session on any 401, so the app's reads and writes go through here instead.

/** The parts of fhirclient's Client used here. */
export interface RenewableClient {
  state: { tokenResponse?: { access_token?: string; refresh_token?: string; scope?: string }; expiresAt?: number };
  /** fhirclient's refresh grant; it replaces state.tokenResponse (rotated refresh token included). */
  refresh(): Promise<unknown>;
}

export interface TokenRenewal {
  /** The access token to send now. */
  current(): string | undefined;
  /** Whether a 401 can be answered with a renewal: a refresh token and a scope that allows refreshing. */
  possible(): boolean;
  /**
   * Whether a 401 answered to `token` again, after a renewal, is an expiry worth another renewal: the token was
   * replaced meanwhile, or it has outlived the lifetime the EHR gave it (1-second tokens expire again while a slow
   * server still works through the round). A token refused within its lifetime was refused for another reason.
   */
  expired(token: string | undefined): boolean;
  /**
   * After a 401 answered to `failedToken`: a usable token (renewed once for every caller that failed with the same
   * token), or undefined when the session cannot be renewed (the caller reports the 401 it got).
   */
  renewAfter(failedToken: string | undefined): Promise<string | undefined>;
}

const renewals = new WeakMap<object, TokenRenewal>();

/** The session's renewal: one per client, so the loader's reads and the chart writes share it. */
export function tokenRenewal(client: RenewableClient): TokenRenewal {
  const known = renewals.get(client);
  if (known) return known;
  let inFlight: Promise<string | undefined> | undefined;
  const current = () => client.state.tokenResponse?.access_token;
  const renewal: TokenRenewal = {
    current,
    possible() {
      const response = client.state.tokenResponse;
      // fhirclient refreshes only with online_access or offline_access granted (notes/smart-integration.md).
      return !!response?.refresh_token && /\b(online|offline)_access\b/.test(response.scope ?? '');
    },
    expired(token) {
      if (token !== current()) return true;
      const expiresAt = client.state.expiresAt;
      return typeof expiresAt === 'number' && Date.now() / 1000 >= expiresAt;
    },
    renewAfter(failedToken) {
      const now = current();
      // Renewed already (by the read that met the 401 first): retry with the new token, renew nothing.
      if (!inFlight && now && now !== failedToken) return Promise.resolve(now);
      if (!inFlight) {
        if (!renewal.possible()) return Promise.resolve(undefined);
        inFlight = client
          .refresh()
          .then(
            () => current(),
            () => undefined,
          )
          .finally(() => {
            inFlight = undefined;
          });
      }
      return inFlight;
    },
  };
  renewals.set(client, renewal);
  return renewal;
}
