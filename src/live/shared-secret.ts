// The secret the API and the live-board room share: each checks the other's requests with it. One check for both
// sides (the room imports this file too), in constant time.

const encoder = new TextEncoder();

/** Whether `authorization` is `Bearer <secret>`. Both are hashed first, so the comparison takes the same time whatever their lengths. */
export async function carriesSecret(authorization: string | null | undefined, secret: string | undefined): Promise<boolean> {
  const given = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!secret || !given) return false;
  const [a, b] = await Promise.all([crypto.subtle.digest('SHA-256', encoder.encode(given)), crypto.subtle.digest('SHA-256', encoder.encode(secret))]);
  return (crypto.subtle as unknown as { timingSafeEqual(a: ArrayBuffer, b: ArrayBuffer): boolean }).timingSafeEqual(a, b);
}
