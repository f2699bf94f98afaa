import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3 } from '../aws/s3.ts';
import type { Scorecard } from '../scorecard/types.ts';

/**
 * Presigned GET addresses for evidence objects: the bucket stays private, and a link opens in any
 * browser until it expires. Signing is local (no request to S3), so a scorecard's links cost nothing.
 * A link lives at most as long as the credentials that signed it (a Lambda role's: a few hours).
 */
export async function evidenceLinks(
  bucket: string,
  keys: Iterable<string>,
  expiresInSeconds: number,
): Promise<Map<string, string>> {
  const unique = [...new Set(keys)];
  const urls = await Promise.all(
    unique.map((key) =>
      getSignedUrl(s3(), new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresInSeconds }),
    ),
  );
  return new Map(unique.map((key, index) => [key, urls[index]!]));
}

/** Every screenshot key a scorecard refers to. */
export function screenshotKeys(card: Scorecard): string[] {
  return card.targets.flatMap((target) =>
    [...target.search, ...target.categories, ...target.placements, ...target.problems].flatMap((row) =>
      row.evidence.screenshot ? [row.evidence.screenshot] : [],
    ),
  );
}
