// `pnpm audit:prod`: the production dependencies' high and critical advisories, as a report.
//
//   pnpm audit:prod                 report: prints advisories loudly, exits 0 (CI)
//   pnpm audit:prod --strict        gate: exits 1 on any high/critical advisory, or when the
//                                   audit could not run
//   pnpm audit:prod --input f.json  reads a saved `pnpm audit --json` report instead
//
// Report mode never fails CI: advisories published after a change, or a registry whose audit
// endpoint is down or retired (npmjs.org answers 410 to pnpm 9's endpoints; a mirror may answer
// 405), must not turn unrelated builds red. The output says which of these happened.
// Plain JavaScript, like deploy/local/setup.mjs: no build step before it runs.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const LEVELS = new Set(['high', 'critical']);
const args = process.argv.slice(2);
const strict = args.includes('--strict');
const inputAt = args.indexOf('--input');

function auditJson() {
  if (inputAt >= 0) return readFileSync(args[inputAt + 1] ?? '', 'utf8');
  const result = spawnSync('pnpm', ['audit', '--prod', '--audit-level', 'high', '--json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) return JSON.stringify({ error: { message: result.error.message } });
  return result.stdout || JSON.stringify({ error: { message: result.stderr.trim() } });
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return { error: { message: `unreadable audit output: ${text.slice(0, 300)}` } };
  }
}

/** One row per (advisory, installed version): name, severity, fix, first paths, link. */
function findings(report) {
  return Object.values(report.advisories ?? {})
    .filter((advisory) => LEVELS.has(advisory.severity))
    .flatMap((advisory) =>
      (advisory.findings ?? [{ version: '?', paths: [] }]).map((finding) => ({
        name: `${advisory.module_name}@${finding.version}`,
        severity: advisory.severity,
        title: advisory.title,
        fix: advisory.patched_versions ?? 'none',
        paths: (finding.paths ?? []).slice(0, 3),
        more: Math.max(0, (finding.paths ?? []).length - 3),
        url: advisory.url,
      })),
    );
}

const exit = (code) => process.exit(strict ? code : 0);
const report = parse(auditJson());

if (report.error) {
  console.log('== audit:prod: NOT RUN — the registry did not produce an audit report');
  console.log(`   ${report.error.code ?? 'error'}: ${report.error.message}`);
  console.log('   Production dependencies are unaudited for this build; run again later, or');
  console.log('   audit the lockfile with another tool (e.g. osv-scanner) meanwhile.');
  exit(1);
}

const rows = findings(report);
const counts = report.metadata?.vulnerabilities ?? {};
const summary = Object.entries(counts)
  .map(([level, n]) => `${level} ${n}`)
  .join(', ');
if (rows.length === 0) {
  console.log(
    `== audit:prod: no high or critical advisories in production dependencies (${summary})`,
  );
  process.exit(0);
}
console.log('!'.repeat(78));
console.log(`!! audit:prod: ${rows.length} HIGH/CRITICAL advisories in production dependencies`);
console.log('!'.repeat(78));
for (const row of rows) {
  console.log(`- ${row.severity.toUpperCase()} ${row.name}: ${row.title}`);
  console.log(`    fixed in: ${row.fix}    ${row.url}`);
  for (const path of row.paths) console.log(`    via ${path.replaceAll('>', ' > ')}`);
  if (row.more > 0) console.log(`    … and ${row.more} more paths`);
}
console.log(`== totals: ${summary}`);
exit(1);
