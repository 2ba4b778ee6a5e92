import { batchIndices, createRng, restoreRng, stepsPerEpoch } from '@negmnist/data';
import { ConfigError, layerNames as layerNamesOf, stackMembers, type TrainData, type TrainModel, type WindowSums } from '@negmnist/core';
import { assertResumable, CHECKPOINT_VERSION, type Checkpoint, type CheckpointSetup, type MemberCheckpoint } from './checkpoint/checkpoint';
import { confusionMatrices } from './confusion';
import { gradientHistograms } from './histogram';
import { callHooks, type TrainHooks } from './hooks';
import { perturbCentreWeight } from './perturb';
import { buildEvaluation } from './record';
import { resolveFirstCallSteps, resolveTrainOptions, type TrainOptions } from './options';
import type { MemberResult, TrainResult } from './result';
import { isEvaluationStep } from './schedule';
import { meanDirectionProbe, meanInputDirection } from './mean-direction';
import { measureSharpness, sharpnessImages } from './sharpness';

/**
 * Trains a model (or every member of an ensemble at once) on `options.engine` with plain SGD on softmax
 * cross-entropy of its outputs, evaluating on the full validation set with probes at the points of
 * `evalEvery`, `evalSchedule` and `evalFinal`. The model's weights are the start; at the end the model
 * holds the final weights (its `writeWeights`).
 */
export async function train(model: TrainModel, data: TrainData, options: TrainOptions): Promise<TrainResult> {
  const config = resolveTrainOptions(model, data, options);
  const firstCallSteps = resolveFirstCallSteps(options);
  const hooks: readonly TrainHooks[] = options.hooks === undefined ? [] : Array.isArray(options.hooks) ? options.hooks : [options.hooks as TrainHooks];
  const now = options.now ?? (() => performance.now());
  const k = model.size;
  const spe = stepsPerEpoch(data.train.count, config.batchSize);
  const totalSteps = Math.min(spe * config.epochs, config.maxSteps ?? Number.POSITIVE_INFINITY);
  const specs = model.members;
  const layerNames = layerNamesOf(specs[0]?.layerSizes ?? []);
  const setup: CheckpointSetup = {
    layerSizes: [...(specs[0]?.layerSizes ?? [])],
    batchSize: config.batchSize,
    evalEvery: config.evalEvery,
    evalSchedule: config.evaluation.schedule,
    evalFinal: config.evaluation.final,
    shuffle: config.shuffle,
    // settings at their defaults are left out, so checkpoints written before they existed still match
    members: config.members.map(({ fc1LrScale, perturbation, ...m }) => ({ ...m, ...(fc1LrScale === 1 ? {} : { fc1LrScale }), ...(perturbation === 0 ? {} : { perturbation }) })),
    ...(data.train.offset === 0 ? {} : { inputOffset: data.train.offset }),
    ...(data.train.scaling === undefined ? {} : { input: data.train.scaling.input }),
    ...((data.train.gain ?? 1) === 1 ? {} : { inputGain: data.train.gain }),
  };
  const resume = options.resumeFrom;
  if (resume) assertResumable(resume, setup, spe);
  const history: MemberCheckpoint[] = resume
    ? structuredClone(resume.members)
    : Array.from({ length: k }, () => ({ evaluations: [], gradientHistograms: [] }));
  let step = resume?.step ?? 0;
  // an engine call ends at this step too, when `firstCallSteps` asks for it
  const firstCallEnd = firstCallSteps === undefined ? undefined : step + firstCallSteps;
  const window = { batches: resume?.window.batches ?? 0, samples: resume?.window.samples ?? 0 };
  const started = now();
  const wall = (): number => (resume?.wallTimeMs ?? 0) + now() - started;

  // One shuffle generator per member, continued across epochs; a checkpoint holds each one's state at its epoch's start.
  const rngs = config.members.map((m, i) => (resume ? restoreRng(resume.shuffleState[i] ?? []) : createRng(m.seed)));
  let epochStart = rngs.map((r) => r.state());
  const shuffleState = (): number[][] => (step % spe === 0 ? rngs.map((r) => r.state()) : epochStart.map((s) => [...s]));

  const initial = stackMembers(await model.readWeights(), k);
  const weights = resume ? initial : perturbCentreWeight(initial, k, config.members.map((m) => m.perturbation), data.train.source);
  const engine = await options.engine.open({ network: { size: k, members: specs }, weights, data, config });
  const sharpness = config.sharpness;
  const probeImages = sharpness === undefined ? undefined : sharpnessImages(data.train.count, sharpness.images);
  if (sharpness !== undefined && engine.lossGradient === undefined) {
    await engine.dispose();
    throw new ConfigError('sharpness', `an engine with lossGradient`, `the ${options.engine.name} engine, which has none`);
  }
  /** Appends a sharpness measurement at the current step to every healthy member's history. */
  const measure = async (): Promise<void> => {
    if (sharpness === undefined || probeImages === undefined || engine.lossGradient === undefined) return;
    const lossGradient = engine.lossGradient.bind(engine);
    const points = await measureSharpness((w, anchor) => lossGradient(w, probeImages, anchor), await engine.getWeights(), config.members.map((m) => m.seed), step, sharpness);
    points.forEach((point, m) => {
      const h = history[m] as MemberCheckpoint;
      if (h.divergence === undefined && (engine.divergedAt[m] ?? -1) < 0) (h.sharpness ??= []).push(point);
    });
  };

  /** `w`: the window sums when the caller knows them (zero right after an evaluation), saving a read. */
  const makeCheckpoint = async (w?: WindowSums): Promise<Checkpoint> => {
    const sums = w ?? (await engine.readWindow());
    return {
      version: CHECKPOINT_VERSION,
      step,
      stepsPerEpoch: spe,
      wallTimeMs: wall(),
      setup: structuredClone(setup),
      shuffleState: shuffleState(),
      window: { ...window, lossSum: sums.lossSum, correct: sums.correct },
      members: structuredClone(history),
      weights: await engine.getWeights(),
    };
  };
  // The mean-direction probe: the unit mean input direction, and each member's last per-unit components (not in checkpoints: a resumed run's first flip share is null)
  const mean = config.meanDirection ? meanInputDirection(data.train) : undefined;
  const meanComponents: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(k).fill(undefined);
  const healthy = (): boolean => history.some((h) => h.divergence === undefined);

  const evaluate = async (): Promise<void> => {
    const { window: w, validation: val, probes } = await engine.evaluate();
    const confusion = confusionMatrices(val.predictions, data.validation.labels, k, data.validation.numClasses);
    const evaluations = history.map((h, m) => {
      if (h.divergence) return undefined;
      const evaluation = buildEvaluation({
        member: m,
        options: specs[m] ?? (specs[0] as (typeof specs)[number]),
        layerNames,
        step,
        stepsPerEpoch: spe,
        train: { lossSum: w.lossSum[m] ?? 0, correct: w.correct[m] ?? 0, ...window },
        validation: { loss: val.loss[m] ?? Number.NaN, accuracy: val.accuracy[m] ?? 0, correct: val.correct[m] ?? 0, count: val.count },
        probes,
        wallTimeMs: wall(),
      });
      if (mean !== undefined && engine.fc1Grad !== undefined) {
        const per = engine.fc1Grad.length / k;
        const { components, probe } = meanDirectionProbe(engine.fc1Grad.subarray(m * per, (m + 1) * per), mean.direction, meanComponents[m]);
        meanComponents[m] = components;
        evaluation.meanDirection = probe;
      }
      h.evaluations.push(evaluation);
      h.confusion = confusion[m];
      const at = engine.divergedAt[m] ?? -1;
      if (at >= 0) h.divergence = { step: at, reason: 'non-finite training loss' };
      else if (!Number.isFinite(val.loss[m] ?? Number.NaN)) h.divergence = { step, reason: 'non-finite validation loss' };
      return evaluation;
    });
    engine.setDivergedAt(history.map((h) => h.divergence?.step ?? -1));
    engine.setWindow({ lossSum: new Array<number>(k).fill(0), correct: new Array<number>(k).fill(0) });
    window.batches = 0;
    window.samples = 0;
    let live = true;
    let memo: Promise<Checkpoint> | undefined;
    const zeros = { lossSum: new Array<number>(k).fill(0), correct: new Array<number>(k).fill(0) };
    const record = {
      step,
      epoch: step / spe,
      evaluation: (evaluations[0] ?? history[0]?.evaluations.at(-1)) as NonNullable<(typeof evaluations)[number]>,
      evaluations,
      checkpoint(): Promise<Checkpoint> {
        if (!live) return Promise.reject(new Error(`onEvalEnd checkpoint of step ${record.step}: expected a call during the hook, received a call after training moved on`));
        memo ??= makeCheckpoint(structuredClone(zeros));
        return memo;
      },
    };
    await callHooks(hooks, 'onEvalEnd', record);
    live = false;
  };

  try {
    if (resume) {
      engine.setWeights(stackMembers(resume.weights, k));
      engine.setWindow({ lossSum: resume.window.lossSum, correct: resume.window.correct });
      engine.setDivergedAt(history.map((h) => h.divergence?.step ?? -1));
    }
    if (!resume) await measure();
    await callHooks(hooks, 'onTrainBegin', { step, stepsPerEpoch: spe, totalSteps, members: k });
    let stopped = false;
    for (let epoch = Math.floor(step / spe); epoch < config.epochs && step < totalSteps && !stopped && healthy(); epoch++) {
      epochStart = rngs.map((r) => r.state());
      const order = rngs.map((rng) => batchIndices(data.train.count, { batchSize: config.batchSize, ...(config.shuffle ? { rng } : {}) }));
      await callHooks(hooks, 'onEpochBegin', { epoch, step });
      for (let batch = step - epoch * spe; batch < spe; ) {
        // several steps per engine call where the engine has them, unless an abort is already pending
        // (then just the current step); a step with an evaluation or the epoch's end is a call of its own
        const plain = engine.steps === undefined || options.signal?.aborted === true ? 0 : plainSteps(batch);
        const batches = Array.from({ length: Math.max(plain, 1) }, (_, j) => order.map((o) => o[batch + j] as Uint32Array));
        const isEval = plain === 0 && isEvaluationStep(step + 1, spe, totalSteps, config.evaluation);
        const isEpochEnd = plain === 0 && batch === spe - 1;
        let done = 1;
        if (plain > 0 && engine.steps !== undefined) done = await engine.steps(batches, step + 1);
        else await engine.step(batches[0] as Uint32Array[], step + 1, { gradNorms: isEval, fc1Grad: isEpochEnd || (isEval && config.meanDirection) });
        for (let j = 0; j < done; j++) {
          const indices = batches[j] ?? [];
          const batchSize = indices[0]?.length ?? 0;
          step++;
          window.batches++;
          window.samples += batchSize;
          await callHooks(hooks, 'onBatchEnd', { step, epoch, batch: batch + j, batchSize, indices });
        }
        batch += done;
        if (sharpness !== undefined && step % sharpness.every === 0 && engine.divergedAt.some((s) => s < 0)) await measure();
        const histograms = isEpochEnd ? epochHistograms(epoch) : [];
        if (isEval || engine.divergedAt.every((s) => s >= 0)) await evaluate();
        if (isEpochEnd) {
          await callHooks(hooks, 'onEpochEnd', {
            epoch,
            step,
            gradientHistogram: (histograms[0] ?? history[0]?.gradientHistograms.at(-1)) as NonNullable<(typeof histograms)[number]>,
            gradientHistograms: histograms,
          });
        }
        if (!healthy() || step >= totalSteps) break;
        if (options.signal?.aborted) {
          stopped = true;
          break;
        }
      }
    }
    const interrupted = stopped || (step < totalSteps && healthy());
    const members: MemberResult[] = history.map((h) => ({
      status: h.divergence ? 'diverged' : interrupted ? 'interrupted' : 'done',
      ...structuredClone(h),
    }));
    const result: TrainResult = {
      ...(members[0] as MemberResult),
      step,
      stepsPerEpoch: spe,
      totalSteps,
      wallTimeMs: wall(),
      members,
      ...(interrupted ? { checkpoint: await makeCheckpoint() } : {}),
    };
    model.writeWeights(await engine.getWeights());
    await callHooks(hooks, 'onTrainEnd', { result });
    return result;
  } finally {
    await engine.dispose();
  }

  /**
   * How many steps from epoch batch `batch` on need nothing but the update (no evaluation, not the epoch's
   * last, within the run), up to the next multiple of `stepsPerCall` (or the end of the first call, see
   * `firstCallSteps`): what one {@link EngineSession.steps} call does.
   */
  function plainSteps(batch: number): number {
    let n = 0;
    for (let b = batch; b < spe - 1; b++) {
      const t = step + n + 1;
      if (t > totalSteps || isEvaluationStep(t, spe, totalSteps, config.evaluation)) break;
      n++;
      if (t % config.stepsPerCall === 0 || t === firstCallEnd || (config.sharpness !== undefined && t % config.sharpness.every === 0)) break;
    }
    return n;
  }

  function epochHistograms(epoch: number): (ReturnType<typeof gradientHistograms>[number] | undefined)[] {
    const grad = engine.fc1Grad;
    if (!grad) return [];
    const all = gradientHistograms(grad, k, {
      epoch,
      step,
      layer: layerNames[0] ?? 'fc1',
      bins: config.histogramBins,
      range: config.histogramRange,
    });
    return all.map((hist, m) => {
      const h = history[m] as MemberCheckpoint;
      if (h.divergence) return undefined;
      h.gradientHistograms.push(hist);
      return hist;
    });
  }
}
