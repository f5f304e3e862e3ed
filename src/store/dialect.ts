export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseLocation {
  readonly dialect: DialectName;
  /** File path (or `:memory:`) for SQLite, connection string for PostgreSQL. */
  readonly target: string;
}

/** `sqlite:./file.db`, `sqlite:/abs/file.db`, `sqlite::memory:`, `postgres://...`, `postgresql://...`. */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { dialect: 'postgres', target: url };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new Error(`database URL "${url}" names no file (try sqlite:./simledger.db)`);
    return { dialect: 'sqlite', target: path };
  }
  throw new Error(`database URL "${url}" is neither sqlite:PATH nor postgres://...`);
}
