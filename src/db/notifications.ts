import pg from 'pg';

export interface ListenerLogger {
  warn(object: object, message: string): void;
}

/**
 * A PostgreSQL LISTEN on its own connection, kept open across server restarts: when the connection is
 * lost it reconnects with back-off (0.5 s doubling to 10 s) and calls `onReconnect`, because messages sent
 * while it was away are lost (the caller clears what they would have cleared). Never throws into the
 * process: a lost connection is logged and retried.
 */
export class PostgresListener {
  #client: pg.Client | null = null;
  #stopped = false;
  #retryMs = 500;
  #timer: NodeJS.Timeout | null = null;
  #connectedOnce = false;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly handlers: { onMessage: (payload: string) => void; onReconnect: () => void },
    private readonly logger?: ListenerLogger,
  ) {}

  /** Connects and listens; resolves once listening, or after the first failure (retries go on). */
  async start(): Promise<void> {
    await this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 2_000 });
    const lost = (error?: Error) => {
      if (this.#client !== client) return;
      this.#client = null;
      if (error) this.logger?.warn({ err: { message: error.message } }, 'notification connection lost');
      client.end().catch(() => {});
      this.#scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.handlers.onMessage(message.payload ?? '');
    });
    this.#client = client;
    try {
      await client.connect();
      // The channel is our own constant, never input: identifiers cannot be bound as parameters.
      await client.query(`listen ${this.channel}`);
      this.#retryMs = 500;
      if (this.#connectedOnce) this.handlers.onReconnect();
      this.#connectedOnce = true;
    } catch (error) {
      lost(error as Error);
    }
  }

  #scheduleReconnect() {
    if (this.#stopped || this.#timer) return;
    const delay = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, 10_000);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#connect();
    }, delay);
    this.#timer.unref();
  }
}
