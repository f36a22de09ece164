import type { Bindings, Config } from './config';
import type { Database } from '../db/client';

export type AppEnv = {
  Bindings: Bindings;
  Variables: {
    requestId: string;
    config: Config;
    db: Database;
  };
};
