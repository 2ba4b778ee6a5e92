/** Placeholder until the IDX parser lands. */
export const placeholder = 1;
