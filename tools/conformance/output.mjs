// The contract between these scripts and the Rust tests that run them: arguments in, exactly
// one JSON document out on stdout; a non-zero exit only when a script could not do its job.

/** The command-line arguments after the script name; exits 2 with a usage line when any is missing. */
export function requireArgs(names) {
  const args = process.argv.slice(2);
  if (args.length < names.length) {
    const script = process.argv[1].split("/").pop();
    console.error(`usage: node ${script} ${names.join(" ")}`);
    process.exit(2);
  }
  return args;
}

/** Writes the script's one result document. */
export function printJson(value) {
  process.stdout.write(JSON.stringify(value) + "\n");
}

/**
 * What `read` returns, or null when the page never showed it: the failure is noted in
 * `output.pageErrors` (the test reports the null with it).
 */
export async function readOrNull(output, read) {
  try {
    return await read();
  } catch (error) {
    output.pageErrors.push(`script: ${error.message.split("\n")[0]}`);
    return null;
  }
}
