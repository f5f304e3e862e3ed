// The import thread (see import-file.ts): runs one import on its own store connection and reports
// progress and the summary to the thread that started it, which on SQLite also commits its batches.
import { parentPort, workerData } from 'node:worker_threads';
import { importFileOnOwnStore, type ImportMessage, type ImportThreadData } from './import-file.js';

const port = parentPort!;
const send = (m: ImportMessage) => port.postMessage(m);
const { run, writesHere } = workerData as ImportThreadData;
try {
  send({ done: await importFileOnOwnStore(run, { bytes: (n) => send({ bytes: n }), read: (n) => send({ read: n }) }, writesHere ? port : undefined) });
} catch (error) {
  send({ error: error instanceof Error ? error.message : String(error) });
}
