import pg from 'pg';

/** Advisory lock classes (the first of two int keys): one lock per partition, one per live worker. */
const PARTITION_LOCKS = 0x51_4c_01;
const MEMBER_LOCKS = 0x51_4c_02;

/**
 * Who rates which partition, held as PostgreSQL session advisory locks on one dedicated
 * connection: a worker that dies loses its connection and with it every partition it held.
 * Each worker also holds a member lock, so every worker can count the live ones.
 */
export class PartitionLeases {
  private constructor(private readonly client: pg.Client) {}

  /** Connects; `onLost` runs if the connection dies (the locks are gone: stop writing at once). */
  static async open(url: string, onLost: (why: string) => void): Promise<PartitionLeases> {
    const client = new pg.Client({ connectionString: url, application_name: 'simledger worker leases' });
    client.on('error', (error) => onLost(error.message));
    client.on('end', () => onLost('the lock connection closed'));
    await client.connect();
    await client.query('select pg_advisory_lock($1, pg_backend_pid())', [MEMBER_LOCKS]);
    return new PartitionLeases(client);
  }

  /** Workers alive now, on this database. */
  async members(): Promise<number> {
    const { rows } = await this.client.query<{ n: string }>(
      `select count(*) as n from pg_locks
      where locktype = 'advisory' and granted and objsubid = 2 and classid::bigint = $1
        and database = (select oid from pg_database where datname = current_database())`,
      [MEMBER_LOCKS],
    );
    return Number(rows[0]?.n ?? 1);
  }

  async tryTake(partition: number): Promise<boolean> {
    const { rows } = await this.client.query<{ taken: boolean }>('select pg_try_advisory_lock($1, $2) as taken', [PARTITION_LOCKS, partition]);
    return rows[0]?.taken === true;
  }

  async release(partition: number): Promise<void> {
    await this.client.query('select pg_advisory_unlock($1, $2)', [PARTITION_LOCKS, partition]);
  }

  async close(): Promise<void> {
    this.client.removeAllListeners('end');
    await this.client.end();
  }
}
