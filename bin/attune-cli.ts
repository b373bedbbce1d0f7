/**
 * The `attune` command line. `main` returns the exit code: 0 success, 2 usage or bad input, 3 a
 * pipeline run that ended FAILED. Errors are one line on stderr, never a stack trace.
 */
const USAGE = `usage: attune <command> [options]

commands:
  analyze <file...> [--json]   score the therapeutic alliance of session transcripts
`;

export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  process.stderr.write(`attune: unknown command '${command}'\n${USAGE}`);
  return 2;
}
