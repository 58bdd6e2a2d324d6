import type { Command } from 'commander';
import { verifyAuditLog } from '../../custody/audit/verify.js';
import { ExitCode, UsageError, action, printJson, printLines } from '../common/output.js';

/** The `audit` command group: `audit verify FILE` checks the hash chain; exit 1 on any problem. */
export function register(program: Command): void {
  const audit = program.command('audit').description('Audit log tools');
  audit
    .command('verify')
    .description('Verify the hash chain of an audit log (detects edits, insertions, deletions, truncation in the middle)')
    .argument('<file>', 'audit log file')
    .option('--anchor <hash>', 'a head printed by an earlier verify: fail if the records up to it are no longer all there (detects truncation of the end)')
    .option('--json', 'print JSON')
    .action(
      action(async (file: string, flags: { json?: boolean; anchor?: string }) => {
        if (flags.anchor !== undefined && !/^[0-9a-f]{64}$/.test(flags.anchor)) throw new UsageError('--anchor must be 64 lower-case hex digits');
        const v = await verifyAuditLog(file, flags.anchor !== undefined ? { anchor: flags.anchor } : {});
        if (flags.json) printJson(v);
        else {
          for (const p of v.problems) printLines(p.line > 0 ? `line ${p.line}: ${p.kind}: ${p.message}` : `${p.kind}: ${p.message}`);
          printLines(v.ok ? `ok: ${v.records} record(s), head ${v.head}` : `FAILED: ${v.problems.length} problem(s) in ${v.records} record(s)`);
        }
        if (!v.ok) process.exitCode = ExitCode.FAILURE;
      }),
    );
}
