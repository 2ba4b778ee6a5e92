/** Per-member confusion matrix (rows true class, columns predicted) from member-major predictions. */
export function confusionMatrices(predictions: ArrayLike<number>, labels: Uint8Array, members: number, classes: number): number[][][] {
  return Array.from({ length: members }, (_, m) => {
    const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
    for (let i = 0; i < labels.length; i++) {
      const row = matrix[labels[i] as number] as number[];
      const p = predictions[m * labels.length + i] as number;
      row[p] = (row[p] as number) + 1;
    }
    return matrix;
  });
}
