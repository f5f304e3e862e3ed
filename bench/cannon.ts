// autocannon's shapes as the benches use them, and the package itself (it ships no types).
import { createRequire } from 'node:module';

/** autocannon's request: setupRequest must keep its hostname and port (they make the Host header). */
export interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
export interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
type Cannon = (o: { url: string; connections: number; duration: number; requests: { setupRequest: (r: CannonRequest) => CannonRequest }[] }) => Promise<CannonResult>;
export const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;
