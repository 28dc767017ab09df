// SMART Backend Services registration of the sandbox: one client id and the public half of its key (a JWK Set).
// The key pair is made at start with jose (ES384) unless a test passes its own; the private JWK is handed back so
// `npm start` can write it to a file and print a ready-made worklist command. Nothing here is a real secret: the
// sandbox listens on loopback only and forgets the key when it stops.
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export const BULK_CLIENT_ID = 'kyphoplasty-worklist';

export interface BulkClient {
  clientId: string;
  /** Public keys the client signs its assertions with (RS384 or ES384). */
  jwks: { keys: JWK[] };
}

export interface GeneratedClient {
  client: BulkClient;
  /** The private key (with `kid` and `alg`), for the worklist command's `--key`. */
  privateJwk: JWK;
}

export async function generateBulkClient(clientId = BULK_CLIENT_ID): Promise<GeneratedClient> {
  const { publicKey, privateKey } = await generateKeyPair('ES384', { extractable: true });
  const kid = `sandbox-${Date.now().toString(36)}`;
  const pub = { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' };
  const priv = { ...(await exportJWK(privateKey)), kid, alg: 'ES384' };
  return { client: { clientId, jwks: { keys: [pub] } }, privateJwk: priv };
}
