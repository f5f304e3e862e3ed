import { serve, type ServerType } from '@hono/node-server';
import type { Logger } from 'pino';
import type { App } from './app.js';

export interface RunningServer {
  readonly url: string;
  /** Stops accepting connections and resolves when in-flight requests have finished. */
  close(): Promise<void>;
}

/** Binds the app to host:port; resolves once it listens. Port 0 picks a free port (tests). */
export function listen(app: App, host: string, port: number, log: Logger): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(new Error(`cannot listen on ${host}:${port}: ${error.message}`));
    const server: ServerType = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      server.off('error', onError);
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
      log.info({ url }, 'listening');
      resolve({
        url,
        close: () =>
          new Promise<void>((done) => {
            const http = server as unknown as { closeIdleConnections(): void; closeAllConnections(): void };
            // Keep-alive sockets would hold close() open: close each as soon as it is idle, so
            // in-flight requests finish and nothing new starts; after 10 s, close what is left.
            const sweep = setInterval(() => http.closeIdleConnections(), 50);
            const deadline = setTimeout(() => http.closeAllConnections(), 10_000);
            server.close(() => {
              clearInterval(sweep);
              clearTimeout(deadline);
              done();
            });
            http.closeIdleConnections();
          }),
      });
    });
    server.once('error', onError);
  });
}
