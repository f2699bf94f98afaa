// Runs the local AWS servers on a thread of their own, so their CPU work (LevelDB, XML, hashing)
// does not queue behind the handlers and the browser's protocol traffic on the main event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { startAwsServersHere } from './servers.ts';

const servers = await startAwsServersHere((workerData as { dataDir: string | null }).dataDir);
parentPort!.postMessage({ endpoints: servers.endpoints });
parentPort!.on('message', async (message: unknown) => {
  if (message === 'close') {
    await servers.close();
    parentPort!.postMessage('closed');
  }
});
