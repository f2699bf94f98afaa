/**
 * Whether S3 said the object is not there. S3 answers a missing key with 404 NoSuchKey only to a
 * caller allowed s3:ListBucket on the bucket; anyone else gets 403 AccessDenied (S3 API Reference,
 * GetObject and HeadObject, "Permissions"), and a HEAD has no body to say which (NotFound,
 * Forbidden). The functions are not given ListBucket (listing every evidence key is more than any
 * needs) and read only keys their role may read, so for them a 403 there is a missing object. A
 * grant missing from a role would look the same: the local stack logs each refusal it makes with
 * the role and the action, and its tests assert there are none (docs/local-stack.md).
 */
export function isMissingObject(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (['NoSuchKey', 'NotFound', 'AccessDenied', 'Forbidden'].includes(error.name)) return true;
  // A HEAD's 403 has no body to name it: the SDK calls it Unknown, with only its status.
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return error.name === 'Unknown' && (status === 403 || status === 404);
}
