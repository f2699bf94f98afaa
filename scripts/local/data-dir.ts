/** Where the local stack keeps DynamoDB's and S3's data unless told otherwise, so history accumulates. */
export const DEFAULT_DATA_DIR = '.shelfwatch/data';
