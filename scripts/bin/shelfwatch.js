#!/usr/bin/env node
// `npx shelfwatch …` inside the project: runs the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../cli.ts');
