// The one registered client: a public browser app (no secret), so PKCE protects its codes.
export const CLIENT_ID = 'kyphoplasty-local';

export interface RegisteredClient {
  clientId: string;
  redirectUris: string[];
}

export function registeredClient(appOrigin: string): RegisteredClient {
  const origin = appOrigin.replace(/\/+$/, '');
  return { clientId: CLIENT_ID, redirectUris: [`${origin}/index.html`, `${origin}/`] };
}
