import type { Bindings, Config } from './config';
import type { Database } from '../db/client';
import type { Caller } from '../auth/tokens';

export type AppEnv = {
  Bindings: Bindings;
  Variables: {
    requestId: string;
    config: Config;
    db: Database;
    /** Set by requireAuth: who is calling, from the verified token. */
    caller: Caller;
  };
};
