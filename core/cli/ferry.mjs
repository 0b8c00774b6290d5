#!/usr/bin/env node
// Runs the TypeScript CLI straight from source, so `npx ferry` works in a checkout after setup.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
