/** DynamoDB refused a write because its condition did not hold (the item exists, a claim is taken). */
export function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
