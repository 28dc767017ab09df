// Build-time stand-in for fhirclient's `isomorphic-webcrypto` fallback (an old-browser shim, about 6 kB gzip).
// fhirclient only reaches for it when `globalThis.crypto` is missing, which no supported browser does.
export default globalThis.crypto;
