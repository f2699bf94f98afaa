import { createHash } from 'node:crypto';

/**
 * Faults AWS does produce, switched on at a service's door for tests (tests/stack/faults): the
 * request goes over the wire and the SDK sees the service's own answer (its retries included), so
 * no client is mocked.
 */
export interface ServiceFault {
  service: 'dynamodb' | 'kinesis' | 's3';
  /** The operation it applies to: BatchWriteItem, PutRecords, PutObject … */
  operation: string;
  /**
   * throttle: ProvisionedThroughputExceededException (DynamoDB); unprocessed: a batch write takes
   * its first entry and hands the rest back; partial: a PutRecords takes all but every 7th entry,
   * failed as throttled; internal-error: S3 answers 500 InternalError, every attempt for that key.
   */
  kind: 'throttle' | 'unprocessed' | 'partial' | 'internal-error';
  /** Every nth matching request (throttle, unprocessed, partial), or the share of keys (internal-error). */
  every?: number;
  share?: number;
  /** Only calls of this role (its logical id, e.g. ScrapeRole); anyone's when absent. */
  role?: string;
}

/** The faults on, and how often each fired. */
export class ServiceFaults {
  readonly #faults: Array<ServiceFault & { seen: number; fired: number }> = [];

  add(fault: ServiceFault): void {
    this.#faults.push({ ...fault, seen: 0, fired: 0 });
  }

  clear(): void {
    this.#faults.length = 0;
  }

  /** How often each fired, by its kind and operation (`dynamodb BatchWriteItem throttle`). */
  fired(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const fault of this.#faults) {
      const name = `${fault.service} ${fault.operation} ${fault.kind}`;
      counts[name] = (counts[name] ?? 0) + fault.fired;
    }
    return counts;
  }

  /** The fault that hits this request, if any (counted as fired). */
  take(service: ServiceFault['service'], operation: string, principalArn: string, key = ''): ServiceFault | null {
    for (const fault of this.#faults) {
      if (fault.service !== service || fault.operation !== operation) continue;
      if (fault.role && !principalArn.includes(`/${fault.role}/`)) continue;
      fault.seen += 1;
      const hit =
        fault.share !== undefined
          ? createHash('md5').update(key).digest().readUInt32BE(0) / 0xffffffff < fault.share
          : fault.seen % (fault.every ?? 1) === 0;
      if (!hit) continue;
      fault.fired += 1;
      return fault;
    }
    return null;
  }
}
