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
