#!/usr/bin/env node
// `npx shelfwatch …` inside the project: the TypeScript CLI run by Node's own type stripping (the
// project's Node 22), which starts in a fraction of tsx's time; tsx where Node cannot strip types.
if (!process.features.typescript) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import('../cli.ts');
