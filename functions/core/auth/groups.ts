/** Members of this Cognito group manage share links and start scans on demand. */
export const ADMIN_GROUP = 'admins';
