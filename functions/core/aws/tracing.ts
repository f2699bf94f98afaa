import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * X-Ray through Powertools' tracer: on when the function runs in Lambda with Tracing: Active (the
 * template's Globals), off elsewhere (a test, a command). Every SDK call of the project's clients is
 * a subsegment (aws/dynamo.ts, s3.ts, kinesis.ts, sns.ts), under the invocation's own, which carries
 * the run id: "why is today's run slow" is one trace query (annotation runId).
 */
// Only the SDK's calls (below): a page's own requests are Chromium's, and would only crowd the trace.
export const tracer = new Tracer({ serviceName: 'shelfwatch', captureHTTPsRequests: false });

/** An SDK client whose calls are traced. */
export function traced<T>(client: T): T {
  return tracer.captureAWSv3Client(client as never) as T;
}

/**
 * Runs an invocation's work in a `## <name>` subsegment (Lambda's own segment cannot take
 * annotations), annotated as given; `annotate` adds one once it is known (a run planned inside).
 */
export async function traceInvocation<T>(
  name: string,
  annotations: Record<string, string>,
  work: (annotate: (key: string, value: string) => void) => Promise<T>,
): Promise<T> {
  const parent = tracer.getSegment();
  if (!tracer.isTracingEnabled() || !parent) return work(() => undefined);
  const segment = parent.addNewSubsegment(`## ${name}`);
  tracer.setSegment(segment);
  const annotate = (key: string, value: string) => segment.addAnnotation(key, value);
  for (const [key, value] of Object.entries(annotations)) annotate(key, value);
  try {
    return await work(annotate);
  } catch (error) {
    segment.addError(error as Error);
    throw error;
  } finally {
    segment.close();
    tracer.setSegment(parent);
  }
}
