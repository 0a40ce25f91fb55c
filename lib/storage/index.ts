export { closeDb, getDb, type Db } from './db';
export type * from './schema';
