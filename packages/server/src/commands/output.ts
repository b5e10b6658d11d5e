/** A line on standard output, for the commands' reports. */
export const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
