/**
 * `npm audit --omit=dev` for CI: fails when a production dependency has a high or
 * critical advisory that scripts/audit-allowlist.json does not list (an advisory with
 * no fixed version yet, each with its reason and a date to look again). When the
 * registry's audit endpoint cannot be reached or refuses audits (no network, a mirror
 * or proxy that answers 405), it says so and passes: the build is not held hostage by
 * the network, and the line in the CI log shows the audit did not run.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface Allowed {
  /** The advisory's URL (https://github.com/advisories/GHSA-…). */
  url: string;
  package: string;
  reason: string;
  /** When to look again (YYYY-MM-DD). */
  review: string;
}

interface Via {
  url?: string;
  title?: string;
  severity?: string;
}

const root = path.resolve(import.meta.dirname, '..');
const allowlist = JSON.parse(readFileSync(path.join(root, 'scripts', 'audit-allowlist.json'), 'utf8')) as { advisories: Allowed[] };

// AUDIT_REPORT_FILE: a saved `npm audit --json` report to judge instead (to try the allowlist by hand).
const saved = process.env['AUDIT_REPORT_FILE'];
const stdout = saved ? readFileSync(saved, 'utf8') : await new Promise<string>((resolve) => {
  // Never offline: under `npm exec --offline` (or npm_config_offline) npm audit asks nobody and reports nothing found.
  const env = { ...process.env, npm_config_offline: 'false', npm_config_prefer_offline: 'false' };
  execFile('npm', ['audit', '--omit=dev', '--json', '--offline=false'], { cwd: root, env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (_error, out) => resolve(String(out)));
});
let report: { vulnerabilities?: Record<string, { severity: string; via: (Via | string)[]; fixAvailable: unknown }>; statusCode?: number; message?: string };
try {
  report = JSON.parse(stdout) as typeof report;
} catch {
  report = { message: stdout.slice(0, 200) || 'no answer' };
}
if (!report.vulnerabilities) {
  process.stdout.write(`--- dependency audit NOT RUN: the registry's audit endpoint did not answer (${report.message ?? `status ${report.statusCode}`}); not failing the build\n`);
  process.exit(0);
}
const serious = new Set(['high', 'critical']);
const allowed = new Set(allowlist.advisories.map((a) => a.url));
const findings: string[] = [];
for (const [name, vulnerability] of Object.entries(report.vulnerabilities)) {
  for (const via of vulnerability.via) {
    if (typeof via === 'string' || !serious.has(via.severity ?? '')) continue;
    if (via.url && allowed.has(via.url)) continue;
    findings.push(`${name}: ${via.severity} ${via.title ?? ''} ${via.url ?? ''} (fix available: ${JSON.stringify(vulnerability.fixAvailable)})`);
  }
}
if (findings.length > 0) {
  process.stdout.write(`--- dependency audit: ${findings.length} high or critical finding(s) in production dependencies:\n${[...new Set(findings)].join('\n')}\n`);
  process.stdout.write('Upgrade, or (only when no fixed version exists) add the advisory to scripts/audit-allowlist.json with its reason and a review date.\n');
  process.exit(1);
}
process.stdout.write(`--- dependency audit: no high or critical finding in production dependencies (${allowlist.advisories.length} allowlisted)\n`);
