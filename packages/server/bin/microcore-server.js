#!/usr/bin/env node
// Thin launcher: the compiled server lives in ../dist (built by `npm ci` through the root `prepare`).
import { runFromEnv } from '../dist/main.js';

await runFromEnv();
