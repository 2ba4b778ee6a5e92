/** A plain tensor: name, shape and row-major float32 values. Serialisable, and the same on every engine. */
export interface NamedTensor {
  /** `fc1.kernel`, `fc1.bias`, … */
  name: string;
  shape: number[];
  data: Float32Array;
}
