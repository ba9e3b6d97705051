import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';

// Realistic secrets of every shape the redactor must catch, generated per run so no fixture holds
// one verbatim (and so a test cannot pass by matching a constant).

const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');

/** 40 characters of the AWS secret key alphabet. */
export function awsSecretKey(): string {
  return randomBytes(30).toString('base64').replace(/=/g, 'x');
}

/** A signed HS256 JWT, as an OIDC or service-account token looks. */
export function jwt(): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: randomBytes(4).toString('hex') }));
  // The random claim first: a fixed first claim would give every token the same payload prefix.
  const payload = b64url(
    JSON.stringify({
      jti: randomBytes(8).toString('hex'),
      iss: 'https://kubernetes.default.svc',
      sub: 'system:serviceaccount:ci:deployer',
      exp: 1_900_000_000,
    }),
  );
  const sig = createHmac('sha256', randomBytes(32)).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${sig}`;
}

/** An opaque bearer token (no recognisable prefix). */
export function opaqueToken(): string {
  return randomBytes(24).toString('base64url');
}

/** A PKCS#8 RSA private key in PEM. */
export function pemKey(): string {
  return generateKeyPairSync('rsa', {
    modulusLength: 1024,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey.trim();
}

/** The base64 lines of a PEM block (what must never appear). */
export function pemBodyLines(pem: string): string[] {
  return pem.split('\n').filter((l) => !l.startsWith('-----'));
}

/** An npm automation token as .npmrc holds it (no `npm_` prefix: older tokens are UUID-like). */
export function npmToken(): string {
  return `${randomBytes(4).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(6).toString('hex')}`;
}

/** A kubeconfig with a bearer token and a client key, as the action's `kubeconfig` input holds. */
export function kubeconfig(server: string, token: string, key: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '  - name: prod',
    `    cluster: { server: "${server}", insecure-skip-tls-verify: true }`,
    'users:',
    '  - name: ci',
    '    user:',
    `      token: ${token}`,
    `      client-key-data: ${Buffer.from(key).toString('base64')}`,
    'contexts:',
    '  - name: prod',
    '    context: { cluster: prod, user: ci, namespace: shop }',
    'current-context: prod',
    '',
  ].join('\n');
}

/**
 * Fails when any piece of `secret` of `piece` characters or more occurs in `text`: a redactor that
 * leaves a tail or a head of a secret leaks it as surely as one that leaves it whole.
 */
export function leakedPieces(text: string, secret: string, piece = 12): string[] {
  const leaks = new Set<string>();
  for (let i = 0; i + piece <= secret.length; i++) {
    const p = secret.slice(i, i + piece);
    if (text.includes(p)) leaks.add(p);
  }
  return [...leaks];
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** `n` random characters of `alphabet` (default: letters and digits). */
function randomChars(n: number, alphabet = ALNUM): string {
  let out = '';
  for (const b of randomBytes(n)) out += alphabet[b % alphabet.length];
  return out;
}
const BASE64URL = `${ALNUM}-_`;

/** An Azure Storage account key: 64 random bytes in base64 (88 characters, `==` at the end). */
export function azureStorageKey(): string {
  return randomBytes(64).toString('base64');
}

/** An Azure Storage connection string, as `az storage account show-connection-string` prints it. */
export function azureConnectionString(key = azureStorageKey()): string {
  return `DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=${key};EndpointSuffix=core.windows.net`;
}

/** A SAS signature as it appears in a URL: base64 of an HMAC-SHA256, URL-encoded. */
export function sasSignature(): string {
  return encodeURIComponent(createHmac('sha256', randomBytes(32)).update('sas').digest('base64'));
}

/** A blob URL with a SAS token (service SAS, read-only, as the portal generates it). */
export function sasUrl(sig = sasSignature()): string {
  return `https://acmeprod.blob.core.windows.net/backups/db.dump?sp=r&st=2026-01-01T00:00:00Z&se=2026-01-02T00:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=${sig}`;
}

/** A Stripe secret (`sk`) or restricted (`rk`) live key. */
export function stripeKey(kind: 'sk' | 'rk' = 'sk'): string {
  return `${kind}_live_51${randomChars(97)}`;
}

/**
 * An OpenAI project key. The marker `T3BlbkFJ` sits between two random parts; their lengths have
 * changed over the years (58, 74, …), so this one uses a length secretlint's fixed pattern does not list.
 */
export function openAiProjectKey(): string {
  return `sk-proj-${randomChars(64, BASE64URL)}T3BlbkFJ${randomChars(64, BASE64URL)}`;
}

/** An Anthropic key: an API key (`api03`) or an Admin API key (`admin01`), 93 characters and `AA`. */
export function anthropicKey(kind: 'api03' | 'admin01' = 'api03'): string {
  return `sk-ant-${kind}-${randomChars(93, BASE64URL)}AA`;
}

/** A GitLab personal access token. */
export function gitlabToken(): string {
  return `glpat-${randomChars(20, BASE64URL)}`;
}

/** A Slack app-level token: `xapp-1-<app id>-<number>-<64 hex>`. */
export function slackAppToken(): string {
  const digits = randomChars(13, '0123456789');
  return `xapp-1-A0${randomChars(9, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}-${digits}-${randomBytes(32).toString('hex')}`;
}

/** A password as people pick them for service accounts: letters, digits and a few symbols. */
export function password(): string {
  return `${randomChars(10)}!${randomChars(6)}`;
}

/** A GitHub personal access token (classic): `ghp_` and 36 characters. */
export function githubToken(): string {
  return `ghp_${randomChars(36)}`;
}

/**
 * `length` characters of ordinary words, so that a secret placed after it starts at `length`: a
 * cut at `length + k` then falls `k` characters into the secret.
 */
export function prose(length: number): string {
  const words = 'the quick brown fox jumps over the lazy dog '.repeat(Math.ceil(length / 44) + 1);
  return `${words.slice(0, length - 1)} `;
}
