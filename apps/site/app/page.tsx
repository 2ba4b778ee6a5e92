import type { RunRecord } from '@negmnist/results';
import { Figure } from '../components/Figure';
import { HowToProduceResults, SkippedWarning } from '../components/Notices';
import { CurvesPanel } from '../components/client/CurvesPanel';
import { deadUnits, digitGrid, gradientNorms } from '@negmnist/viz';
import { chartSvg } from '../lib/charts';
import { sideOptions } from '../lib/overlay';
import { comparedRecords, deadFc1Headline, findings } from '../lib/findings';
import type { Findings, GroupFindings } from '../lib/findings';
import { percent, percentSpread, plural, slimRecord } from '../lib/format';
import { getMnistSummary } from '../lib/mnist';
import type { MnistSummary } from '../lib/mnist';
import { getResults } from '../lib/results';
import { curvesCaption, epochsText, seedsText } from '../lib/seed-counts';
import { ConfigTable } from '../components/ConfigTable';
import { ExplanationAnswer, ExplanationEvidence, HowToExplain } from '../components/Explanation';
import { SameAsPyTorch } from '../components/SameAsPyTorch';
import { selectExplanation } from '../lib/explanation';
import { loadReproduce, reproduceDir } from '../lib/reproduce';
import path from 'node:path';

function AnswerSummary({ facts }: { facts: Findings }) {
  const { positive, negative } = facts;
  if (!positive || !negative) {
    const only = positive ? 'positive' : 'negative';
    return (
      <section className="card" aria-labelledby="runs-answer-heading">
        <h2 id="runs-answer-heading">What these runs say</h2>
        <p>
          These results hold only {only} runs, so there is nothing to compare yet. Add runs on {only === 'positive' ? 'negative' : 'positive'} images
          (the quick grid trains both).
        </p>
      </section>
    );
  }
  const basis = facts.basis === 'seed' ? 'runs of the seed configuration' : 'all runs (no seed-configuration pair was found)';
  const side = (polarity: string, group: GroupFindings) =>
    `${plural(group.runs, `${polarity} run`)} (${group.seeds.length === 1 ? 'seed' : 'seeds'} ${group.seeds.join(', ')}; ${epochsText(group.epochs)})`;
  return (
    <section className="card" aria-labelledby="runs-answer-heading" data-testid="answer">
      <h2 id="runs-answer-heading">What these runs say</h2>
      <p>
        {deadFc1Headline(negative, positive)} At the end of training, <strong>fc1 has {percentSpread(negative.deadFc1)} dead units on negative
        images</strong> versus {percentSpread(positive.deadFc1)} on positive images: a dead unit outputs zero for every probe image, so it passes no
        gradient and never recovers.
      </p>
      <p>
        {instabilitySentence('negative', negative)} {instabilitySentence('positive', positive)} Final validation accuracy is{' '}
        {percentSpread(negative.finalAccuracy)} on negative images and {percentSpread(positive.finalAccuracy)} on positive images.
      </p>
      <p>
        At the last evaluation, {percent(negative.deadOutput?.mean ?? null)} of probe images have every logit ≤ 0 on negative runs (
        {percent(positive.deadOutput?.mean ?? null)} on positive runs); the ReLU on the logits then gives those images no gradient at all.
      </p>
      <p className="muted">
        Compared: {basis}; {side('negative', negative)}, {side('positive', positive)}.
        {negative.runs === 1 || positive.runs === 1 ? ' With one run on a side there is no spread across seeds: its figure is that single run.' : ' Ranges are min–max across those runs.'}
      </p>
    </section>
  );
}

/** How a group's runs ended, counted apart: erratic (learning, with drops), collapsed (stuck), diverged, smooth. */
function instabilitySentence(polarity: string, group: GroupFindings): string {
  const { smooth, erratic, collapsed, diverged } = group.outcomes;
  const parts = [
    `${erratic} erratic (a validation-accuracy drop of more than 5 points; ${plural(group.drops, 'drop')} in all)`,
    `${collapsed} collapsed (stuck near chance, below 20%, or every probe image's logits ≤ 0)`,
    ...(diverged > 0 ? [`${diverged} diverged`] : []),
    `${smooth} smooth`,
  ];
  return `Of ${plural(group.runs, `${polarity} run`)}: ${parts.join(', ')}.`;
}

/** Which experiments of the results directory the sections below come from, and what each rests on. */
function RunsScope({ facts }: { facts: Findings }) {
  return (
    <p data-testid="runs-scope">
      These are the run records of this results directory, not the explanation above:{' '}
      {facts.experiments
        .map(
          (e) =>
            `${e.experiment}: ${plural(e.runs, 'run')}, ${seedsText(e.perConfiguration)} per configuration, ${epochsText(e.epochs)}`,
        )
        .join('; ')}
      . Each figure says how many runs it rests on; a configuration with one run shows that run, not a mean.
    </p>
  );
}

function Mechanism({ mnist }: { mnist: MnistSummary | { error: string } }) {
  const data = 'error' in mnist ? null : mnist;
  return (
    <section aria-labelledby="why-heading" className="prose">
      <h2 id="why-heading">Why it happens</h2>
      <p>
        A negative image is <code>1 − x</code>: the background, most of the 784 pixels, becomes ~1.
        {data ? (
          <>
            {' '}On the MNIST test set a negative image has on average <strong>{data.negative.brightPixels.toFixed(0)} pixels above 0.5</strong>, a
            positive one {data.positive.brightPixels.toFixed(0)}.
          </>
        ) : null}{' '}
        Each fc1 pre-activation is a weighted sum over all those bright pixels, so it is large and every weight of the unit moves together.
        {data ? (
          <>
            {' '}With PyTorch&apos;s default init U(±1/√784) the pre-activations start with a standard deviation of{' '}
            {data.negative.initPreactivationStd.toFixed(2)} on negative images versus {data.positive.initPreactivationStd.toFixed(2)} on positive ones.
          </>
        ) : null}
      </p>
      <p>
        That shared bright background is a large <em>mean input</em>. Inputs whose mean is far from zero make every weight update of a unit point the same
        way (LeCun et al., <cite>Efficient BackProp</cite>, 1998) and add one large eigenvalue to the curvature (Hessian) of the loss (LeCun, Kanter &amp;
        Solla, 1991). Gradient descent is only stable while the learning rate times that curvature stays below 2; training pushes the curvature up
        until it sits at that edge (Cohen et al., 2021). A larger mean lowers the learning rate at which this turns into lurching accuracy: the
        explanation above measures that critical learning rate for ten input forms, among them two controls that separate the size of the inputs
        from their mean, and says where its numbers confirm, refine or contradict these accounts.
      </p>
      <p>
        Dead fc1 units and the ReLU on the logits are separate questions: the explanation counts units dead before the first step apart from those
        that die later, and tests a leaky ReLU, whose units cannot die. When all ten logits of an image are ≤ 0 the loss gives no gradient through it;
        runs that never learn for that reason (collapse) are counted apart from erratic ones.
      </p>
    </section>
  );
}

function evidenceCharts(groups: { positive: RunRecord[]; negative: RunRecord[] }) {
  const both = [...groups.positive, ...groups.negative];
  const palette = [...new Set(both.map((r) => r.label))];
  const side = (records: RunRecord[]) => (records.length > 0 ? chartSvg(sideOptions(records, 'valAccuracy', palette)) : '');
  return {
    positiveSvg: side(groups.positive),
    negativeSvg: side(groups.negative),
    deadSvg: chartSvg(deadUnits(both, { title: null, x: 'epoch' })),
    gradSvg: chartSvg(gradientNorms(both, { title: null, x: 'epoch' })),
  };
}

/** The seed author's question, as the page asks it. */
function Question() {
  return (
    <section aria-labelledby="question-heading" className="prose" data-testid="question">
      <h2 id="question-heading">The question</h2>
      <p>
        The seed program, a 784-200-100-10 MLP with a ReLU after every layer (the logits included), trained with SGD at learning rate 0.1, learns MNIST
        smoothly. The same network on negative images <code>1 − x</code> trains erratically: validation accuracy jumps up and down from one evaluation to
        the next. A model with the sigmoid activation function looked smoother. What is going on? Every number below is computed from records at build
        time.
      </p>
    </section>
  );
}

export default async function AnswerPage() {
  const [results, mnist, reproduce] = await Promise.all([getResults(), getMnistSummary(), loadReproduce(reproduceDir())]);
  const { records, skipped } = results;
  const groups = comparedRecords(records);
  const facts = findings(records);
  const charts = records.length > 0 ? evidenceCharts(groups) : null;
  const compared = [...groups.positive, ...groups.negative];
  const explained = selectExplanation(results.explanations);
  return (
    <>
      <h1>Why does the MLP train erratically on negative MNIST?</h1>
      <SkippedWarning skipped={skipped} />
      {/* the answer first (on a phone too), then the question in full */}
      {explained ? (
        <>
          <ExplanationAnswer explanation={explained.explanation} file={path.relative(results.dir, explained.file)} />
          <Question />
          <ExplanationEvidence explanation={explained.explanation} />
        </>
      ) : (
        <>
          <Question />
          <HowToExplain />
        </>
      )}
      <SameAsPyTorch compare={reproduce.compare} chaos={reproduce.chaos} />
      <h2>The runs in this results directory</h2>
      {charts === null ? (
        <HowToProduceResults dir={results.dir} found={results.found} />
      ) : (
        <>
          <RunsScope facts={facts} />
          <AnswerSummary facts={facts} />
          <section aria-labelledby="curves-heading">
            <h2 id="curves-heading">Learning curves: positive vs negative</h2>
            <CurvesPanel
              groups={[
                { title: 'Positive images', records: groups.positive.map((r) => slimRecord(r, { layers: false })), initialSvg: charts.positiveSvg },
                { title: 'Negative images', records: groups.negative.map((r) => slimRecord(r, { layers: false })), initialSvg: charts.negativeSvg },
              ]}
            />
          </section>
          <section aria-labelledby="dead-heading">
            <h2 id="dead-heading">Dead units and gradients</h2>
            <Figure
              title="Dead units per layer"
              svg={charts.deadSvg}
              caption={`Share of each layer's units that output zero for every probe image; last column: probe images whose ten logits are all ≤ 0. ${plural(compared.length, 'run')}: ${curvesCaption(compared)}.`}
            />
            <Figure
              title="Gradient norms per layer"
              svg={charts.gradSvg}
              caption={`L2 norm of each layer's weight gradient at the last batch before each evaluation (log scale). ${plural(compared.length, 'run')}: ${curvesCaption(compared)}.`}
            />
          </section>
          {facts.configs.length > 2 ? <ConfigTable configs={facts.configs} /> : null}
        </>
      )}
      <Digits mnist={mnist} />
      <Mechanism mnist={mnist} />
    </>
  );
}

function Digits({ mnist }: { mnist: MnistSummary | { error: string } }) {
  if ('error' in mnist) return <p className="warning">MNIST test digits could not be loaded: {mnist.error}</p>;
  return (
    <section aria-labelledby="digits-heading">
      <h2 id="digits-heading">What the network sees</h2>
      <Figure
        title="Positive and negative test digits"
        svg={chartSvg(digitGrid(mnist.digits, { title: null, indices: firstOfEachClass(mnist.digits.labels) }))}
        caption="The first MNIST test image of each class as x = pixel / 255 (top) and as 1 − x (bottom): on negative images the background is bright."
      />
    </section>
  );
}

/** Position of the first image of each class in a sample ordered by class. */
function firstOfEachClass(labels: readonly number[]): number[] {
  return labels.flatMap((label, i) => (labels.indexOf(label) === i ? [i] : []));
}
