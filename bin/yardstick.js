#!/usr/bin/env node
// Entry for `npx yardstick …`: runs the TypeScript CLI through tsx (see docs/decisions.md).
import { register } from 'tsx/esm/api';
register();
await import('../packages/server/src/cli.ts');
