// The import thread (see import-file.ts): runs one import on its own store connection and reports
// progress and the summary to the thread that started it.
import { parentPort, workerData } from 'node:worker_threads';
import { importFileOnOwnStore, type ImportMessage, type ImportRun } from './import-file.js';

const port = parentPort!;
const send = (m: ImportMessage) => port.postMessage(m);
try {
  send({ done: await importFileOnOwnStore(workerData as ImportRun, { bytes: (n) => send({ bytes: n }), read: (n) => send({ read: n }) }) });
} catch (error) {
  send({ error: error instanceof Error ? error.message : String(error) });
}
