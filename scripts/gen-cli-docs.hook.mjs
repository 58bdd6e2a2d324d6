// Preloaded by scripts/gen-cli-docs.mjs (node --import). Replaces commander's parseAsync so that
// running dist/cli/main.js builds the real program (every group registered by main.ts) and, instead
// of parsing argv, prints a JSON description of every command and exits.
import { Command } from 'commander';

function describe(cmd) {
  const help = cmd.createHelp();
  return {
    name: cmd.name(),
    aliases: cmd.aliases(),
    description: cmd.description(),
    summary: cmd.summary(),
    usage: help.commandUsage(cmd),
    arguments: help.visibleArguments(cmd).map((a) => ({
      term: help.argumentTerm(a),
      description: a.description ?? '',
      required: a.required,
      variadic: a.variadic,
      defaultValue: a.defaultValue,
      choices: a.argChoices ?? null,
    })),
    options: cmd.options
      .filter((o) => !o.hidden)
      .map((o) => ({
        flags: o.flags,
        description: o.description ?? '',
        mandatory: o.mandatory,
        defaultValue: o.defaultValue,
        defaultValueDescription: o.defaultValueDescription ?? null,
        choices: o.argChoices ?? null,
        envVar: o.envVar ?? null,
      })),
    commands: cmd.commands.filter((c) => !c._hidden).map(describe),
  };
}

Command.prototype.parseAsync = async function parseAsyncForDocs() {
  const json = JSON.stringify(describe(this));
  await new Promise((resolve) => process.stdout.write(json + '\n', resolve));
  process.exit(0);
};
Command.prototype.parse = function parseForDocs() {
  process.stdout.write(JSON.stringify(describe(this)) + '\n', () => process.exit(0));
  return this;
};
