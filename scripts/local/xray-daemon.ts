import { createSocket } from 'node:dgram';

/** A segment or subsegment as the X-Ray SDK sends it (the fields the local stack reads). */
export interface TraceDocument {
  id: string;
  name: string;
  trace_id?: string;
  parent_id?: string;
  type?: string;
  annotations?: Record<string, string | number | boolean>;
  subsegments?: TraceDocument[];
  aws?: { operation?: string; table_name?: string; bucket_name?: string };
  error?: boolean;
  fault?: boolean;
}

/**
 * The X-Ray daemon, locally: the UDP port the SDK sends finished (sub)segments to (what
 * AWS_XRAY_DAEMON_ADDRESS names in Lambda), each kept so a run can be followed through the functions.
 */
export async function startXrayDaemon(): Promise<{
  address: string;
  documents: TraceDocument[];
  close(): Promise<void>;
}> {
  const socket = createSocket('udp4');
  const documents: TraceDocument[] = [];
  socket.on('message', (message) => {
    // `{"format": "json", "version": 1}\n<document>`
    const body = message.toString('utf8').split('\n').slice(1).join('\n');
    try {
      documents.push(JSON.parse(body) as TraceDocument);
      if (documents.length > 50_000) documents.splice(0, 25_000);
    } catch {
      // not a document
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    documents,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** The invocations (`## …` subsegments) a run went through, each with the SDK calls made under it. */
export function traceOfRun(documents: TraceDocument[], runId: string): Array<{ name: string; calls: string[] }> {
  const all = new Map<string, TraceDocument>();
  const visit = (document: TraceDocument) => {
    all.set(document.id, document);
    for (const child of document.subsegments ?? []) visit(child);
  };
  for (const document of documents) visit(document);
  const childrenOf = (id: string) =>
    [...all.values()].filter(
      (document) =>
        document.parent_id === id || (all.get(id)?.subsegments ?? []).some((child) => child.id === document.id),
    );
  return [...all.values()]
    .filter(
      (document) =>
        document.name.startsWith('## ') &&
        Object.values(document.annotations ?? {}).some((value) => String(value).split(',').includes(runId)),
    )
    .map((document) => ({
      name: document.name,
      calls: childrenOf(document.id).map((call) => `${call.name} ${call.aws?.operation ?? ''}`.trim()),
    }));
}
