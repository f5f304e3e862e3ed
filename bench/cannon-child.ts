// Load from its own process, so the server's event loop is the only thing the figures measure:
// GET `path` over `connections` keep-alive connections for `seconds`, cookies taken in turn from
// `cookiesFile` (one a line). Prints autocannon's result as one JSON line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
}
type Cannon = (o: { url: string; connections: number; duration: number; requests: { setupRequest: (r: CannonRequest) => CannonRequest }[] }) => Promise<unknown>;
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

const [url, path, connections, seconds, cookiesFile] = process.argv.slice(2) as [string, string, string, string, string];
const cookies = readFileSync(cookiesFile, 'utf8')
  .split('\n')
  .filter((l) => l !== '');
let i = 0;
const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  requests: [{ setupRequest: (req) => ({ ...req, method: 'GET', path, headers: { cookie: cookies[i++ % cookies.length]! } }) }],
});
process.stdout.write(JSON.stringify(result) + '\n');
