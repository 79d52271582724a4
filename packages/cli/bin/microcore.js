#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in ../dist (built by `npm ci` through the root `prepare`).
import { main } from '../dist/main.js';

// A reader that stops early (`microcore plan --json | head`) closes the pipe: end quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
