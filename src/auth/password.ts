// Passwords: PBKDF2-SHA256 through WebCrypto (the only KDF workerd offers natively), at workerd's ceiling of
// 100,000 iterations, with a per-user salt and an optional pepper. The stored string names its algorithm and
// cost (`pbkdf2-sha256$<iterations>$<salt>$<hash>`), so the cost can be raised later without a migration.
const ALGORITHM = 'pbkdf2-sha256';
export const PASSWORD_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BYTES = 32;

const encoder = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function derive(password: string, salt: Uint8Array, iterations: number, pepper?: string): Promise<Uint8Array> {
  const secret = pepper ? `${password}\u0000${pepper}` : password;
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

/** Compares in time that depends only on the length, so a mismatch position is not observable. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export async function hashPassword(password: string, pepper?: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, PASSWORD_ITERATIONS, pepper);
  return `${ALGORITHM}$${PASSWORD_ITERATIONS}$${toBase64(salt)}$${toBase64(hash)}`;
}

export async function verifyPassword(password: string, stored: string, pepper?: string): Promise<boolean> {
  const [algorithm, iterations, salt, hash] = stored.split('$');
  if (algorithm !== ALGORITHM || !iterations || !salt || !hash) return false;
  const cost = Number(iterations);
  if (!Number.isInteger(cost) || cost < 1 || cost > PASSWORD_ITERATIONS) return false;
  const expected = fromBase64(hash);
  return constantTimeEqual(await derive(password, fromBase64(salt), cost, pepper), expected);
}

/** True when a stored hash was made with a lower cost than today's and should be re-hashed on next login. */
export function needsRehash(stored: string): boolean {
  const [algorithm, iterations] = stored.split('$');
  return algorithm !== ALGORITHM || Number(iterations) < PASSWORD_ITERATIONS;
}
