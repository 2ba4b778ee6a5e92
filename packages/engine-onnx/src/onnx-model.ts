import { ProtoWriter } from './proto';

/** ONNX TensorProto.DataType values used here. */
export const DataType = { float: 1, uint8: 2, int32: 6, int64: 7, bool: 9 } as const;
/** An element type of a graph input, output or constant. */
export type ElementType = keyof typeof DataType;

/** An attribute value: a number is an int unless listed in `floats` of the node; a graph is a subgraph (Loop's body). */
export type AttributeValue = { int: number } | { float: number } | { ints: readonly number[] } | { floats: readonly number[] } | { graph: OnnxGraph };

/** One node of a graph. */
export interface OnnxNode {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: Readonly<Record<string, AttributeValue>>;
}

/** A graph input or output: name, element type, dims (a string names a symbolic dim). */
export interface ValueInfo {
  name: string;
  type: ElementType;
  dims: readonly (number | string)[];
}

/** A constant tensor stored in the graph: small ones as a number list, big ones as a typed array (raw little-endian bytes). */
export interface Initializer {
  name: string;
  type: 'float' | 'int64' | 'uint8';
  dims: readonly number[];
  values: readonly number[] | Float32Array | BigInt64Array | Uint8Array;
}

/** A whole graph, encodable as an ONNX ModelProto. */
export interface OnnxGraph {
  name: string;
  nodes: readonly OnnxNode[];
  inputs: readonly ValueInfo[];
  outputs: readonly ValueInfo[];
  initializers: readonly Initializer[];
}

/** Default opset of the generated graphs (ONNX 1.12: Gemm, Erf, ReduceSum with axes as input). */
export const OPSET = 17;
const IR_VERSION = 8;

// onnx.proto field numbers
const MODEL = { irVersion: 1, producerName: 2, graph: 7, opsetImport: 8 } as const;
const GRAPH = { node: 1, name: 2, initializer: 5, input: 11, output: 12 } as const;
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 } as const;
const ATTRIBUTE = { name: 1, f: 2, i: 3, g: 6, floats: 7, ints: 8, type: 20 } as const;
const ATTRIBUTE_TYPE = { float: 1, int: 2, graph: 5, floats: 6, ints: 7 } as const;
const TENSOR = { dims: 1, dataType: 2, floatData: 4, int64Data: 7, name: 8, rawData: 9 } as const;

/** The graph with inputs `data` turned into constants (resident on the device for GPU providers). */
export function embedInputs(graph: OnnxGraph, data: readonly Initializer[]): OnnxGraph {
  const names = new Set(data.map((d) => d.name));
  return { ...graph, inputs: graph.inputs.filter((i) => !names.has(i.name)), initializers: [...graph.initializers, ...data] };
}

/** Serialises a graph as ONNX ModelProto bytes (what InferenceSession.create accepts). */
export function encodeModel(graph: OnnxGraph, opset = OPSET): Uint8Array {
  return new ProtoWriter()
    .varint(MODEL.irVersion, IR_VERSION)
    .string(MODEL.producerName, '@negmnist/engine-onnx')
    .message(MODEL.opsetImport, (w) => w.string(1, '').varint(2, opset))
    .message(MODEL.graph, (w) => writeGraph(w, graph))
    .finish();
}

function writeGraph(w: ProtoWriter, graph: OnnxGraph): void {
  graph.nodes.forEach((node, i) => w.message(GRAPH.node, (n) => writeNode(n, node, i)));
  w.string(GRAPH.name, graph.name);
  for (const t of graph.initializers) w.message(GRAPH.initializer, (m) => writeInitializer(m, t));
  for (const v of graph.inputs) w.message(GRAPH.input, (m) => writeValueInfo(m, v));
  for (const v of graph.outputs) w.message(GRAPH.output, (m) => writeValueInfo(m, v));
}

function writeNode(w: ProtoWriter, node: OnnxNode, index: number): void {
  for (const input of node.inputs) w.string(NODE.input, input);
  for (const output of node.outputs) w.string(NODE.output, output);
  w.string(NODE.name, `${node.opType}_${index}`);
  w.string(NODE.opType, node.opType);
  for (const [name, value] of Object.entries(node.attributes ?? {})) {
    w.message(NODE.attribute, (a) => {
      a.string(ATTRIBUTE.name, name);
      if ('int' in value) a.varint(ATTRIBUTE.i, value.int).varint(ATTRIBUTE.type, ATTRIBUTE_TYPE.int);
      else if ('float' in value) a.float(ATTRIBUTE.f, value.float).varint(ATTRIBUTE.type, ATTRIBUTE_TYPE.float);
      else if ('ints' in value) a.packedVarints(ATTRIBUTE.ints, value.ints).varint(ATTRIBUTE.type, ATTRIBUTE_TYPE.ints);
      else if ('graph' in value) a.message(ATTRIBUTE.g, (sub) => writeGraph(sub, value.graph)).varint(ATTRIBUTE.type, ATTRIBUTE_TYPE.graph);
      else a.packedFloats(ATTRIBUTE.floats, value.floats).varint(ATTRIBUTE.type, ATTRIBUTE_TYPE.floats);
    });
  }
}

function writeInitializer(w: ProtoWriter, t: Initializer): void {
  w.packedVarints(TENSOR.dims, t.dims).varint(TENSOR.dataType, DataType[t.type]);
  if (ArrayBuffer.isView(t.values)) w.bytes(TENSOR.rawData, new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength));
  else if (t.type === 'float') w.packedFloats(TENSOR.floatData, t.values);
  else w.packedVarints(TENSOR.int64Data, t.values);
  w.string(TENSOR.name, t.name);
}

function writeValueInfo(w: ProtoWriter, v: ValueInfo): void {
  w.string(1, v.name);
  // TypeProto.tensor_type (1) { elem_type (1), shape (2) { dim (1) { dim_value (1) | dim_param (2) } } }
  w.message(2, (type) =>
    type.message(1, (tensor) =>
      tensor.varint(1, DataType[v.type]).message(2, (shape) => {
        for (const d of v.dims) shape.message(1, (dim) => (typeof d === 'number' ? dim.varint(1, d) : dim.string(2, d)));
      }),
    ),
  );
}
