import { createHash, generateKeyPair as generateKeyPairCallback, randomBytes, type JsonWebKey } from 'node:crypto';
import { promisify } from 'node:util';

const generateKeyPair = promisify(generateKeyPairCallback);

/** A fresh RS256 signing key as a private JWK, `kid` = its RFC 7638 thumbprint. */
export async function generateSigningKey(): Promise<JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' }> {
  const { privateKey } = await generateKeyPair('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  const thumbprint = createHash('sha256')
    .update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n }))
    .digest('base64url');
  return { ...jwk, kid: thumbprint, alg: 'RS256', use: 'sig' };
}

/** Keys that sign the IdP's cookies; new ones per start, so a restart signs everyone out. */
export function generateCookieKeys(): string[] {
  return [randomBytes(32).toString('base64url')];
}
