/**
 * Configuration comes from the environment, read once at module load by the handler that needs
 * it: a missing setting fails the cold start with its name, not a request halfway through.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`Environment variable ${name} is required`);
  return value;
}

export function optionalEnv(name: string, fallback: string): string {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
}

export function integerEnv(name: string, fallback: number, range: { min: number; max: number }): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new Error(
      `Environment variable ${name} must be a whole number from ${range.min} to ${range.max}, got "${raw}"`,
    );
  }
  return value;
}

/**
 * `SITE_ORIGINS=demo-shop=http://127.0.0.1:4010,other=https://…` points sites at another origin
 * (the demo shop on a local port). Empty on AWS.
 */
export function siteOriginsEnv(): Map<string, string> {
  const origins = new Map<string, string>();
  for (const entry of optionalEnv('SITE_ORIGINS', '').split(',').filter(Boolean)) {
    const [site, origin] = entry.split('=');
    if (!site || !origin || !URL.canParse(origin))
      throw new Error(`Environment variable SITE_ORIGINS has a bad entry "${entry}" (expected site=http://host:port)`);
    origins.set(site.trim(), origin.trim());
  }
  return origins;
}
