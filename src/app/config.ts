import { z } from 'zod';
import { AppError } from './errors';

/** Everything the Worker is given by wrangler: bindings, [vars] and secrets. */
export type Bindings = {
  /** R2 bucket for contract documents and images. */
  FILES: R2Bucket;
  // Secrets
  DATABASE_URL?: string;
  JWT_SECRET?: string;
  PARTY_SECRET?: string;
  PASSWORD_PEPPER?: string;
  // [vars]
  APP_ENV?: string;
  JWT_ISSUER?: string;
  JWT_AUDIENCE?: string;
  ACCESS_TOKEN_TTL_SECONDS?: string;
  REFRESH_TOKEN_TTL_DAYS?: string;
  PARTYKIT_URL?: string;
  DEFAULT_PIPELINE_PRESET?: string;
  MAX_DOCUMENT_BYTES?: string;
  NOTIFICATION_CHANNEL?: string;
  EMAIL_API_URL?: string;
  EMAIL_API_KEY?: string;
  EMAIL_FROM?: string;
  NOTIFICATION_LEASE_SECONDS?: string;
  /** Dev/test only: the loopback Neon gateway (scripts/neon-gateway.ts). Never set in production. */
  NEON_LOCAL_GATEWAY?: string;
};

const configSchema = z
  .object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  PARTY_SECRET: z.string().min(16, 'must be at least 16 characters'),
  PASSWORD_PEPPER: z.string().optional(),
  APP_ENV: z.enum(['development', 'test', 'production']).default('production'),
  JWT_ISSUER: z.string().min(1).default('carmate-edge'),
  JWT_AUDIENCE: z.string().min(1).default('carmate-edge-api'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  PARTYKIT_URL: z.string().url().optional(),
  DEFAULT_PIPELINE_PRESET: z.enum(['standard', 'classic']).default('standard'),
  MAX_DOCUMENT_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(20 * 1024 * 1024),
  NOTIFICATION_CHANNEL: z.enum(['outbox', 'http']).default('outbox'),
  EMAIL_API_URL: z.string().url().optional(),
  EMAIL_API_KEY: z.string().optional(),
  EMAIL_FROM: z.string().default('Carmate <no-reply@carmate.example>'),
  NOTIFICATION_LEASE_SECONDS: z.coerce.number().int().min(12).max(900).default(300),
  NEON_LOCAL_GATEWAY: z.string().url().optional(),
  })
  .refine((c) => c.NOTIFICATION_CHANNEL !== 'http' || (c.EMAIL_API_URL && c.EMAIL_API_KEY), {
    message: 'NOTIFICATION_CHANNEL=http needs EMAIL_API_URL and EMAIL_API_KEY',
    path: ['EMAIL_API_URL'],
  });

export type Config = z.infer<typeof configSchema>;

// One parse per isolate and env object: requests share the result instead of re-validating.
const parsed = new WeakMap<object, Config | AppError>();

/** The validated configuration, or a 503 naming what is missing (never the values). */
export function readConfig(env: Bindings): Config {
  let result = parsed.get(env);
  if (!result) {
    const outcome = configSchema.safeParse(env);
    result = outcome.success
      ? outcome.data
      : new AppError(
          'SERVICE_MISCONFIGURED',
          `The service is not configured: ${outcome.error.issues
            .map((issue) => `${issue.path.join('.')} ${issue.code === 'invalid_type' ? 'is missing' : issue.message}`)
            .join('; ')}`,
        );
    parsed.set(env, result);
  }
  if (result instanceof AppError) throw result;
  return result;
}
