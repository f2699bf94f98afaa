/**
 * What a gate refused or changed, as the stack reports it: an IAM refusal (a grant the code needs and
 * its role lacks: a test asserts there are none), a throughput limit reached (DynamoDB, Kinesis), or a
 * missing object answered 403 to a role without s3:ListBucket (expected: the code reads keys that may
 * not be there yet).
 */
export interface Refusal {
  kind: 'iam' | 'throughput' | 'missing-object';
  service: 'dynamodb' | 'kinesis' | 's3';
  message: string;
}

/** The last refusals, oldest first (a long run keeps the most recent). */
export class RefusalLog {
  readonly #entries: Refusal[] = [];
  readonly counts: Record<Refusal['kind'], number> = { iam: 0, throughput: 0, 'missing-object': 0 };

  record(refusal: Refusal): void {
    this.counts[refusal.kind] += 1;
    this.#entries.push(refusal);
    if (this.#entries.length > 1_000) this.#entries.shift();
    // An IAM refusal is a bug of the code or of its role: said at once, with who and what.
    if (refusal.kind === 'iam') console.error(`local AWS refused (IAM, as deployed): ${refusal.message}`);
  }

  entries(): Refusal[] {
    return [...this.#entries];
  }
}
