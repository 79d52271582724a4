#!/usr/bin/env node
// Thin launcher: the compiled server lives in ../dist (built by `npm ci` through the root `prepare`).
let main;
try {
  main = await import('../dist/main.js');
} catch (error) {
  // One line, as for every other reason not to start (src/main.ts).
  const reason = String(error?.message ?? error).split('\n')[0];
  process.stderr.write(
    `microcore-server: cannot load the compiled server (${error?.code ?? 'error'}: ${reason}); run \`npm run build\`\n`,
  );
  process.exit(1);
}
await main.runFromEnv();
