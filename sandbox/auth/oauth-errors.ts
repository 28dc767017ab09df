// OAuth error answers: JSON from the token endpoint, a redirect back to the client from
// authorize (only once the redirect URI is verified).
import type { ServerResponse } from 'node:http';
import { redirect, sendJson } from '../../http-kit/respond';

export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(`${error}: ${description}`);
  }
}

export function sendOAuthError(res: ServerResponse, e: OAuthError): void {
  const headers: Record<string, string> = { ...NO_STORE };
  if (e.status === 401) headers['WWW-Authenticate'] = 'Basic realm="token"';
  sendJson(res, e.status, { error: e.error, error_description: e.description }, headers);
}

export function redirectWithParams(res: ServerResponse, redirectUri: string, params: Record<string, string | undefined>): void {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  redirect(res, url.toString());
}
