// The one registered client: a public browser app (no secret), so PKCE protects its codes.
export const CLIENT_ID = 'kyphoplasty-local';

export interface RegisteredClient {
  clientId: string;
  redirectUris: string[];
}

export function registeredClient(appOrigin: string): RegisteredClient {
  const origin = appOrigin.replace(/\/+$/, '');
  // Only the page the README tells integrators to register: a client that sends anything else fails here as it would at an EHR.
  return { clientId: CLIENT_ID, redirectUris: [`${origin}/index.html`] };
}
