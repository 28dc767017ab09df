// Stands in for `js-base64` in the built app (vite.config.ts alias): fhirclient needs only three of its functions
// (PKCE verifier and challenge, its JWT helpers, id_token payloads), which the browser's btoa/atob and
// TextEncoder/TextDecoder already do. About 3 KB gzip off the launch page. Checked against js-base64 itself in
// tests/app/base64.test.ts.

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunked: String.fromCharCode takes its bytes as arguments, and arguments are limited in number.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** RFC 4648 §5: `-` and `_` for `+` and `/`, no padding. */
function urlSafe(base64: string): string {
  return base64.replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_');
}

export function fromUint8Array(bytes: Uint8Array, urlsafe = false): string {
  const base64 = bytesToBase64(bytes);
  return urlsafe ? urlSafe(base64) : base64;
}

/** A UTF-8 string as URL-safe Base64. */
export function encodeURL(text: string): string {
  return urlSafe(bytesToBase64(new TextEncoder().encode(text)));
}

/** Base64 or URL-safe Base64 (padding optional, other characters ignored) to a UTF-8 string. */
export function decode(source: string): string {
  const base64 = source.replace(/-/g, '+').replace(/_/g, '/').replace(/[^A-Za-z0-9+/]/g, '');
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}
