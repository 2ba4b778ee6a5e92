/** Path (relative to the results directory) of the malformed record the e2e build must skip. */
export const MALFORMED_FILE = 'broken/broken-run/record.json';
