import { DataType, type AttributeValue, type ElementType, type Initializer, type OnnxGraph, type OnnxNode, type ValueInfo } from './onnx-model';

/** Builds an ONNX graph op by op; every op returns the name of its (single) output. */
export class GraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly initializers: Initializer[] = [];
  private readonly constants = new Map<string, string>();
  private counter = 0;

  /** Declares a graph input. */
  input(name: string, type: ElementType, dims: readonly (number | string)[]): string {
    this.inputs.push({ name, type, dims });
    return name;
  }

  /** Declares graph output `name` as the value `value`. */
  output(name: string, value: string, type: ElementType, dims: readonly (number | string)[]): void {
    this.nodes.push({ opType: 'Identity', inputs: [value], outputs: [name] });
    this.outputs.push({ name, type, dims });
  }

  /** Adds a node with one output. */
  op(opType: string, inputs: readonly string[], attributes?: Readonly<Record<string, AttributeValue>>): string {
    const out = `${opType.toLowerCase()}_${this.counter++}`;
    this.nodes.push({ opType, inputs, outputs: [out], ...(attributes === undefined ? {} : { attributes }) });
    return out;
  }

  /** A float32 constant (a scalar when `dims` is empty). */
  float(values: number | readonly number[], dims: readonly number[] = []): string {
    return this.constant('float', typeof values === 'number' ? [values] : values, dims);
  }

  /** An int64 constant vector (axes, shapes, indices); a scalar when `scalar` is set. */
  int64(values: readonly number[], scalar = false): string {
    return this.constant('int64', values, scalar ? [] : [values.length]);
  }

  /** The graph, ready for {@link encodeModel}. */
  build(name: string): OnnxGraph {
    return { name, nodes: [...this.nodes], inputs: [...this.inputs], outputs: [...this.outputs], initializers: [...this.initializers] };
  }

  // shorthands for the ops the MLP graphs use most
  add(a: string, b: string): string {
    return this.op('Add', [a, b]);
  }
  sub(a: string, b: string): string {
    return this.op('Sub', [a, b]);
  }
  mul(a: string, b: string): string {
    return this.op('Mul', [a, b]);
  }
  div(a: string, b: string): string {
    return this.op('Div', [a, b]);
  }
  cast(a: string, to: ElementType): string {
    return this.op('Cast', [a], { to: { int: DataType[to] } });
  }
  /** ReduceSum over `axes` (opset 13+: axes as an input). */
  sum(a: string, axes: readonly number[], keepdims: boolean): string {
    return this.op('ReduceSum', [a, this.int64(axes)], { keepdims: { int: keepdims ? 1 : 0 } });
  }
  /** ReduceMean/ReduceMax/ReduceSumSquare over `axes` (opset < 18: axes as an attribute). */
  reduce(opType: 'ReduceMean' | 'ReduceMax' | 'ReduceSumSquare', a: string, axes: readonly number[], keepdims: boolean): string {
    return this.op(opType, [a], { axes: { ints: axes }, keepdims: { int: keepdims ? 1 : 0 } });
  }

  private constant(type: 'float' | 'int64', values: readonly number[], dims: readonly number[]): string {
    const key = `${type}|${dims.join(',')}|${values.join(',')}`;
    const known = this.constants.get(key);
    if (known !== undefined) return known;
    const name = `const_${this.constants.size}`;
    this.initializers.push({ name, type, dims, values });
    this.constants.set(key, name);
    return name;
  }
}
