import type { OnnxGraph, OnnxNode } from './onnx-model';
import { stepGraph, type StepGraphOptions } from './step-graph';
import type { NetworkSpec } from './network';

/** What the loop carries from one step to the next (the weights, then the window sums and the members' active flags). */
function carriedNames(step: OnnxGraph): string[] {
  const weights = step.inputs.filter((i) => /^[Wb]\d+$/.test(i.name)).map((i) => i.name);
  return [...weights, 'windowLoss', 'windowCorrect', 'active'];
}

/**
 * Many SGD steps in one run: the step graph of {@link stepGraph} as the body of an ONNX Loop, so the
 * weights stay inside ONNX Runtime from the first step of a call to its last. Inputs: those of the
 * step graph, with int64 `batches` (`[S, B]` shared, else `[S, K, B]`: step s trains on `batches[s]`)
 * in place of `indices`. Outputs: the step graph's `W{l}_next`/`b{l}_next`, `windowLoss_next`,
 * `windowCorrect_next` after the last step, `active_next` (`[K]`, 1 while a member trains) and
 * `finite` (`[S', K]`: per step done, 1 where the member's loss was finite). With `guard`, a member
 * whose loss is not finite keeps its weights and stops training, and the loop ends after the step at
 * which no member is left (S' <= S); without it every step updates every member (S' = S), valid only
 * when `finite` is all ones, which the caller checks.
 */
export function loopGraph(spec: NetworkSpec, options: Omit<StepGraphOptions, 'probes'>): OnnxGraph {
  const step = stepGraph(spec, { ...options, probes: false });
  const carried = carriedNames(step);
  const info = (name: string) => {
    const found = step.inputs.find((i) => i.name === name);
    if (found === undefined) throw new Error(`loopGraph: the step graph has no input ${name}`);
    return found;
  };
  // inside the body, carried values and the step's outputs are renamed so they do not shadow the outer graph's names
  const outputs = new Set(step.outputs.map((o) => o.name));
  const inner = (name: string): string => (carried.includes(name) || outputs.has(name) ? `body_${name}` : name);
  const indices = info('indices');
  const body: OnnxGraph = {
    name: `${step.name}_body`,
    nodes: [
      { opType: 'Gather', inputs: ['batches', 'iteration'], outputs: ['indices'] },
      ...step.nodes.map((n): OnnxNode => ({ ...n, inputs: n.inputs.map(inner), outputs: n.outputs.map(inner) })),
      { opType: 'Mul', inputs: ['body_active', 'body_finite'], outputs: ['body_active_next'] },
      ...(options.guard
        ? [
            { opType: 'ReduceMax', inputs: ['body_active_next'], outputs: ['body_anyActive'], attributes: { keepdims: { int: 0 } } },
            { opType: 'Greater', inputs: ['body_anyActive', 'body_zero'], outputs: ['body_continue'] },
          ]
        : [{ opType: 'Identity', inputs: ['body_cond'], outputs: ['body_continue'] }]),
    ],
    inputs: [{ name: 'iteration', type: 'int64', dims: [] }, { name: 'body_cond', type: 'bool', dims: [] }, ...carried.map((n) => ({ ...info(n), name: inner(n) }))],
    outputs: [
      { name: 'body_continue', type: 'bool', dims: [] },
      ...carried.map((n) => ({ ...info(n), name: `body_${n}_next` })),
      { name: 'body_finite', type: 'float', dims: [spec.members] },
    ],
    initializers: [...step.initializers, ...(options.guard ? [{ name: 'body_zero', type: 'float' as const, dims: [], values: [0] }] : [])],
  };
  return {
    name: `${step.name}_loop`,
    nodes: [
      { opType: 'Shape', inputs: ['batches'], outputs: ['loop_shape'] },
      { opType: 'Gather', inputs: ['loop_shape', 'loop_first'], outputs: ['loop_trips'] },
      { opType: 'Loop', inputs: ['loop_trips', '', ...carried], outputs: [...carried.map((n) => `${n}_next`), 'finite'], attributes: { body: { graph: body } } },
    ],
    inputs: [...step.inputs.filter((i) => i.name !== 'indices'), { name: 'batches', type: 'int64', dims: ['S', ...indices.dims] }],
    outputs: [...carried.map((n) => ({ ...info(n), name: `${n}_next` })), { name: 'finite', type: 'float', dims: ['S', spec.members] }],
    initializers: [{ name: 'loop_first', type: 'int64', dims: [], values: [0] }],
  };
}
