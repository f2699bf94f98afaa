// Runs the local AWS servers and their gates on a thread of their own, so their CPU work (LevelDB,
// XML, hashing, IAM evaluation) does not queue behind the handlers and the browser's traffic.
import { parentPort, workerData } from 'node:worker_threads';
import type { GateRules } from './aws-rules/gate-rules.ts';
import type { ServiceFault } from './aws-rules/service-faults.ts';
import { startAwsServersHere } from './servers.ts';

type Message = { id: number } & (
  | { type: 'configure'; rules: GateRules }
  | { type: 'refusals' }
  | { type: 'fault'; fault: ServiceFault }
  | { type: 'clear-faults' }
  | { type: 'faults-fired' }
  | { type: 'close' }
);

const servers = await startAwsServersHere((workerData as { dataDir: string | null }).dataDir);
parentPort!.postMessage({ endpoints: servers.endpoints, direct: servers.direct });
// Each answer carries its request's id.
parentPort!.on('message', async (message: Message) => {
  const answer = (value: unknown) => parentPort!.postMessage({ id: message.id, value });
  if (message.type === 'configure') {
    servers.configure(message.rules);
    answer('configured');
  } else if (message.type === 'refusals') {
    answer(await servers.refusals());
  } else if (message.type === 'fault') {
    await servers.faults.add(message.fault);
    answer('added');
  } else if (message.type === 'clear-faults') {
    await servers.faults.clear();
    answer('cleared');
  } else if (message.type === 'faults-fired') {
    answer(await servers.faults.fired());
  } else {
    await servers.close();
    answer('closed');
  }
});
