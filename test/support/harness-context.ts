export { TEMPLATE_DATABASE } from '../../scripts/local-stack';

/** What the global setup hands to every test file. */
export interface Harness {
  postgresPort: number;
  /** The test cluster's random password. */
  postgresPassword: string;
  /** The shared Neon gateway in front of the test PostgreSQL. */
  gatewayUrl: string;
  /** The Worker bundle built by `wrangler deploy --dry-run`. */
  workerScript: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    harness: Harness;
  }
}
